"""Media through Django's storage API: a voice recording uploaded through the real view
lands in an S3-compatible bucket (a local moto server this test starts on a free port) and
is read back through storage and through the permission-checked audio view. The same view
serves it from the local disk by default."""

import boto3
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from advisory.models import Concern, Phase, Round
from tests.cms.test_settings import GOOD_ENV, _manage
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory

RECORDING = b"\x00\x00\x00\x18ftypM4A " + bytes(range(256)) * 40
BUCKET = "advisory-media-test"


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    ).create_bucket(Bucket=BUCKET)
    yield endpoint
    server.stop()


def _s3_storages(endpoint: str) -> dict:
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "location": "media",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _collecting_round_with(member):
    from tests.factories import AdvisoryGroupFactory

    group = AdvisoryGroupFactory()
    MembershipFactory(group=group, user=member)
    round_ = Round.objects.create(group=group, title="Spring", phase=Phase.COLLECTING)
    return group, round_


def _upload(client, group, round_):
    return client.post(
        reverse("advisory:round", args=[group.slug, round_.pk]),
        {
            "title": "The bus stop has no light",
            "text": "",
            "language": "es",
            "audio": SimpleUploadedFile("voz.m4a", RECORDING, content_type="audio/mp4"),
        },
    )


@pytest.mark.django_db
def test_a_voice_recording_uploaded_through_the_view_is_stored_in_the_bucket(
    client, s3_endpoint, home
):
    member = UserFactory()
    group, round_ = _collecting_round_with(member)
    login(client, member)
    with override_settings(STORAGES=_s3_storages(s3_endpoint)):
        response = _upload(client, group, round_)
        assert response.status_code == 302, response.content[:500]
        concern = Concern.objects.get(round=round_)
        assert concern.audio.name.startswith("concerns/audio/")
        # In the bucket under the configured prefix, not on the local disk.
        s3 = boto3.client(
            "s3",
            endpoint_url=s3_endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        stored = s3.get_object(Bucket=BUCKET, Key=f"media/{concern.audio.name}")["Body"].read()
        assert stored == RECORDING
        assert type(default_storage._wrapped).__name__ == "S3Storage"
        # Read back through the storage API ...
        with default_storage.open(concern.audio.name, "rb") as handle:
            assert handle.read() == RECORDING
        # ... and through the page a member plays it from.
        audio_url = reverse("advisory:concern_audio", args=[group.slug, concern.pk])
        page = client.get(reverse("advisory:concern", args=[group.slug, concern.pk]))
        assert f'src="{audio_url}"'.encode() in page.content
        played = client.get(audio_url)
        assert played.status_code == 200
        assert played["Content-Type"] == "audio/mp4"
        assert b"".join(played.streaming_content) == RECORDING


@pytest.mark.django_db
def test_the_recording_is_served_only_to_the_groups_people(client, home, tmp_path):
    member = UserFactory()
    group, round_ = _collecting_round_with(member)
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        login(client, member)
        assert _upload(client, group, round_).status_code == 302
        concern = Concern.objects.get(round=round_)
        url = reverse("advisory:concern_audio", args=[group.slug, concern.pk])
        assert b"".join(client.get(url).streaming_content) == RECORDING
        outsider = UserFactory()
        MembershipFactory(user=outsider)
        login(client, outsider)
        assert client.get(url).status_code == 404
        client.logout()
        assert client.get(url).status_code == 302  # to the sign-in page


@pytest.mark.django_db
def test_a_concern_without_a_recording_has_no_audio_address(client, home):
    member = UserFactory()
    group, round_ = _collecting_round_with(member)
    concern = Concern.objects.create(
        round=round_, author=member, title="Typed", text="Typed words", language="en"
    )
    login(client, member)
    url = reverse("advisory:concern_audio", args=[group.slug, concern.pk])
    assert client.get(url).status_code == 404


S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "district-media",
    "AWS_S3_ENDPOINT_URL": "http://127.0.0.1:9",
    "AWS_ACCESS_KEY_ID": "key",
    "AWS_SECRET_ACCESS_KEY": "secret",
}
PRINT_STORAGE = (
    "from django.core.files.storage import storages; s = storages['default']; "
    "print(type(s).__name__, s.bucket_name, s.endpoint_url, s.location)"
)


def test_production_chooses_the_s3_backend_from_the_environment():
    result = _manage("shell", "-c", PRINT_STORAGE, **GOOD_ENV, **S3_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == [
        "S3Storage",
        "district-media",
        "http://127.0.0.1:9",
        "media",
    ]


def test_production_refuses_s3_without_a_bucket():
    env = {**GOOD_ENV, **S3_ENV, "AWS_STORAGE_BUCKET_NAME": ""}
    result = _manage("check", **env)
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_production_uses_the_local_disk_by_default():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.STORAGES['default'])",
        **GOOD_ENV,
    )
    assert result.returncode == 0, result.stderr
    assert "FileSystemStorage" in result.stdout
