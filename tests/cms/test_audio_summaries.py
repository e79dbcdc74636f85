"""Audio summaries recorded by people: who may record, check and delete them (a full
permission matrix, other groups' items are 404s), files checked by their content, stored
through the storage API and measured by the background task, the play button in the
reader's own language, and notices that link the recording in the recipient's language."""

import io
import wave

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from advisory.services import answers as answer_services
from advisory.services import recommendations as rec_services
from advisory.services.announcements import announcement_send
from cms.audio import audio_key
from cms.audio.files import sniff_audio_type
from cms.audio.selectors import audio_summary_for_reader
from cms.audio.services import audio_summary_attach, audio_summary_delete, audio_summary_review
from cms.languages import language_name
from cms.models import AudioSummary, Notification, TranslationStatus
from tests.conftest import login, translate
from tests.factories import (
    MembershipFactory,
    RecommendationFactory,
    UserFactory,
    answer_states,
    closed_round_with_priorities,
)

ARABIC = language_name("ar")  # the language in its own name


def wav_bytes(seconds: float = 1.0, rate: int = 8000) -> bytes:
    """A real, tiny WAV file (silence), made with the standard library."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(b"\x80" * int(rate * seconds))
    return buffer.getvalue()


def wav(name: str = "summary.wav", seconds: float = 1.0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, wav_bytes(seconds), content_type="audio/wav")


def fake_mp3() -> SimpleUploadedFile:
    """Text that claims to be an MP3 by its name and content type."""
    return SimpleUploadedFile(
        "summary.mp3", b"This is not a recording, only words.\n" * 20, content_type="audio/mpeg"
    )


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def matrix(people, group):
    other_group = people["other_member"].memberships.first().group
    other_facilitator = UserFactory(display_name="Other facilitator")
    MembershipFactory(group=other_group, user=other_facilitator, role="facilitator")
    return {
        **people,
        "interpreter": UserFactory(display_name="Interpreter", roles=["interpreter"]),
        "other_facilitator": other_facilitator,
    }


@pytest.fixture
def recommendation(group, people):
    return RecommendationFactory(group=group, created_by=people["member"])


# Who may record, check and delete ------------------------------------------------------

MAY_RECORD = {
    "anonymous": False,
    "member": False,
    "other_member": False,
    "other_facilitator": False,
    "facilitator": True,
    "interpreter": True,
    "leader": False,
    "staff": True,
}


def _post_recording(client, url, **data):
    return client.post(url, {"language": "ar", "file": wav(), **data})


@pytest.mark.parametrize("who", MAY_RECORD)
def test_who_may_attach_a_summary_to_a_recommendation(client, matrix, recommendation, who, mfa_ok):
    url = reverse("audio:manage", kwargs={"kind": "recommendation", "pk": recommendation.pk})
    user = matrix[who]
    if user is not None:
        login(client, user)
    response = _post_recording(client, url)
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif MAY_RECORD[who]:
        assert response.status_code == 302, response.content[:500]
        summary = AudioSummary.objects.get()
        assert summary.target == recommendation
        assert summary.recorded_by == user
        assert summary.status == TranslationStatus.DRAFT
    else:
        assert response.status_code == 404
    if not MAY_RECORD[who]:
        assert not AudioSummary.objects.exists()


@pytest.mark.parametrize("who", MAY_RECORD)
def test_the_service_itself_refuses_who_may_not_record(matrix, recommendation, who):
    user = matrix[who]
    if user is None:
        return  # the view sends anonymous people to sign in
    if MAY_RECORD[who]:
        audio_summary_attach(actor=user, item=recommendation, language="ar", upload=wav())
        assert AudioSummary.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            audio_summary_attach(actor=user, item=recommendation, language="ar", upload=wav())


@pytest.fixture
def recorded(matrix, recommendation):
    return audio_summary_attach(
        actor=matrix["interpreter"], item=recommendation, language="ar", upload=wav()
    )


@pytest.mark.parametrize("who", MAY_RECORD)
def test_who_may_mark_a_summary_checked(client, matrix, recorded, who, mfa_ok):
    user = matrix[who]
    if user is not None:
        login(client, user)
    response = client.post(reverse("audio:review", kwargs={"pk": recorded.pk}))
    recorded.refresh_from_db()
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif MAY_RECORD[who]:
        assert response.status_code == 302
        assert recorded.status == TranslationStatus.REVIEWED
        assert recorded.reviewed_by == user and recorded.reviewed_at is not None
    else:
        assert response.status_code == 404
    if not MAY_RECORD[who]:
        assert recorded.status == TranslationStatus.DRAFT and recorded.reviewed_by is None


@pytest.mark.parametrize("who", MAY_RECORD)
def test_who_may_delete_a_summary(
    client, matrix, recorded, who, mfa_ok, django_capture_on_commit_callbacks
):
    user = matrix[who]
    name = recorded.file.name
    if user is not None:
        login(client, user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("audio:delete", kwargs={"pk": recorded.pk}))
    deleted = not AudioSummary.objects.filter(pk=recorded.pk).exists()
    if who == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif MAY_RECORD[who]:
        assert response.status_code == 302
    else:
        assert response.status_code == 404
    assert deleted == MAY_RECORD[who]
    assert default_storage.exists(name) != MAY_RECORD[who]


def test_review_and_delete_services_check_permission(matrix, recorded):
    for who in ("member", "other_member", "other_facilitator", "leader"):
        with pytest.raises(PermissionDenied):
            audio_summary_review(actor=matrix[who], summary=recorded)
        with pytest.raises(PermissionDenied):
            audio_summary_delete(actor=matrix[who], summary=recorded)
    assert AudioSummary.objects.get().status == TranslationStatus.DRAFT


def test_another_groups_recommendation_is_a_404_for_its_facilitator(
    client, matrix, recommendation, mfa_ok
):
    login(client, matrix["other_facilitator"])
    url = reverse("audio:manage", kwargs={"kind": "recommendation", "pk": recommendation.pk})
    assert client.get(url).status_code == 404
    assert client.get(reverse("audio:manage", kwargs={"kind": "nothing", "pk": 1})).status_code == (
        404
    )


# Files: checked by content, stored through the storage API, measured in the background ---


def test_the_type_is_read_from_the_content_not_the_name():
    assert sniff_audio_type(io.BytesIO(wav_bytes())) == "audio/wav"
    assert sniff_audio_type(io.BytesIO(b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 64)) == (
        "audio/mpeg"
    )
    ogg = b"OggS\x00\x02" + b"\x00" * 22 + b"\x01\x1eOpusHead" + b"\x00" * 40
    assert sniff_audio_type(io.BytesIO(ogg)) == "audio/ogg"
    webm = bytes.fromhex("1a45dfa3") + b"\x9f\x42\x86\x81\x01\x42\x82\x84webm" + b"\x00" * 40
    assert sniff_audio_type(io.BytesIO(webm)) == "audio/webm"
    assert sniff_audio_type(io.BytesIO(b"This is text pretending to be a sound file.")) is None
    assert sniff_audio_type(io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)) is None


def test_a_text_file_named_mp3_is_refused_and_the_form_keeps_the_rest(
    client, matrix, recommendation, mfa_ok
):
    login(client, matrix["facilitator"])
    url = reverse("audio:manage", kwargs={"kind": "recommendation", "pk": recommendation.pk})
    url = url.replace("/en/", "/es/", 1)
    response = client.post(url, {"language": "ar", "file": fake_mp3(), "reviewed": "on"})
    assert response.status_code == 400
    html = response.content.decode()
    with translation.override("es"):
        expected = translation.gettext(
            "This file is not a sound recording we can play. Please send MP3, M4A, "
            "OGG, OPUS, WEBM or WAV."
        )
    assert expected in html
    assert "Este archivo" in html  # the Spanish catalogue has it
    assert '<option value="ar" selected>' in html
    assert 'name="reviewed" id="id_reviewed" checked' in html
    assert not AudioSummary.objects.exists()


def test_too_big_and_too_long_recordings_are_refused(settings, matrix, recommendation):
    settings.AUDIO_SUMMARY_MAX_SECONDS = 2
    with pytest.raises(ValidationError) as too_long:
        audio_summary_attach(
            actor=matrix["facilitator"],
            item=recommendation,
            language="ar",
            upload=wav(seconds=3),
        )
    assert "too long" in str(too_long.value.message_dict["file"])
    settings.AUDIO_SUMMARY_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as too_big:
        audio_summary_attach(
            actor=matrix["facilitator"], item=recommendation, language="ar", upload=wav()
        )
    assert "too big" in str(too_big.value.message_dict["file"])
    with pytest.raises(ValidationError) as bad_language:
        audio_summary_attach(
            actor=matrix["facilitator"], item=recommendation, language="xx", upload=wav()
        )
    assert "language" in bad_language.value.message_dict
    assert not AudioSummary.objects.exists()


def test_the_file_is_stored_under_a_random_name_and_measured_by_the_task(
    matrix, recommendation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        summary = audio_summary_attach(
            actor=matrix["interpreter"],
            item=recommendation,
            language="ar",
            upload=wav("My Name Private.wav", seconds=1.5),
        )
    summary.refresh_from_db()
    assert summary.file.name.startswith("audio-summaries/")
    assert summary.file.name.endswith(".wav") and "Private" not in summary.file.name
    assert default_storage.exists(summary.file.name)
    assert summary.mime_type == "audio/wav"
    assert summary.processed_at is not None
    assert summary.duration_seconds == pytest.approx(1.5, abs=0.01)


def test_a_new_recording_replaces_the_one_in_the_same_language(
    matrix, recommendation, django_capture_on_commit_callbacks
):
    first = audio_summary_attach(
        actor=matrix["interpreter"], item=recommendation, language="ar", upload=wav(), reviewed=True
    )
    assert first.status == TranslationStatus.REVIEWED and first.reviewed_by == matrix["interpreter"]
    old_name = first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        second = audio_summary_attach(
            actor=matrix["facilitator"], item=recommendation, language="ar", upload=wav()
        )
    assert AudioSummary.objects.count() == 1 and second.pk == first.pk
    second.refresh_from_db()
    assert second.status == TranslationStatus.DRAFT and second.reviewed_by is None
    assert second.recorded_by == matrix["facilitator"]
    assert not default_storage.exists(old_name)
    assert default_storage.exists(second.file.name)


def test_a_first_recording_that_races_another_for_the_same_language_replaces_it(
    matrix, recommendation, monkeypatch, django_capture_on_commit_callbacks
):
    """Two first uploads in one language at once: while this one's file is being written,
    the other's row is committed. This one replaces it (the later recording wins, as a
    new recording in a language does) instead of failing on the unique constraint."""
    from django.core.files.storage import FileSystemStorage

    real_save = FileSystemStorage.save
    rival = {}

    def save_while_another_upload_lands(self, name, content, max_length=None):
        if not rival:  # the other uploader's row lands between the check and the insert
            rival_name = real_save(self, "audio-summaries/rival.wav", wav())
            rival["summary"] = AudioSummary.objects.create(
                target=recommendation,
                language="ar",
                file=rival_name,
                mime_type="audio/wav",
                size=100,
                recorded_by=matrix["facilitator"],
            )
        return real_save(self, name, content, max_length=max_length)

    monkeypatch.setattr(FileSystemStorage, "save", save_while_another_upload_lands)
    with django_capture_on_commit_callbacks(execute=True):
        summary = audio_summary_attach(
            actor=matrix["interpreter"], item=recommendation, language="ar", upload=wav()
        )
    stored = AudioSummary.objects.get()
    assert stored.pk == rival["summary"].pk == summary.pk
    assert stored.recorded_by == matrix["interpreter"]
    assert stored.file.name == summary.file.name != rival["summary"].file.name
    assert default_storage.exists(stored.file.name)  # the uploaded recording is kept
    assert not default_storage.exists(rival["summary"].file.name)  # the replaced one goes


# What families see and hear --------------------------------------------------------------


def test_a_family_reading_in_arabic_sees_the_play_button_in_arabic(
    client, matrix, recommendation, mfa_ok
):
    audio_summary_attach(
        actor=matrix["interpreter"], item=recommendation, language="ar", upload=wav()
    )
    member = matrix["member"]
    login(client, member)
    url = reverse("advisory:recommendation", args=[recommendation.group.slug, recommendation.pk])
    arabic = client.get(url.replace("/en/", "/ar/", 1)).content.decode()
    assert 'class="audio-summary"' in arabic
    assert "<audio" in arabic and "controls" in arabic
    assert ARABIC in arabic  # the language in its own name
    summary = AudioSummary.objects.get()
    assert reverse("audio:file", kwargs={"pk": summary.pk}).replace("/en/", "/ar/") in arabic
    # The member may not record: no link to do it.
    assert "/audio/recommendation/" not in arabic
    # In English there is no summary: nothing is shown, nothing misleading.
    english = client.get(url).content.decode()
    assert 'class="audio-summary"' not in english


def test_members_hear_the_file_and_other_groups_do_not(client, matrix, recorded, mfa_ok):
    file_url = reverse("audio:file", kwargs={"pk": recorded.pk})
    listen_url = reverse("audio:listen", kwargs={"pk": recorded.pk})
    login(client, matrix["member"])
    response = client.get(file_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "audio/wav"
    assert b"".join(response.streaming_content)[:4] == b"RIFF"
    assert client.get(listen_url).status_code == 200
    client.logout()
    assert client.get(file_url).status_code == 404  # a group's draft is not public
    login(client, matrix["other_member"])
    assert client.get(file_url).status_code == 404
    assert client.get(listen_url).status_code == 404


def test_a_summary_whose_file_is_gone_from_storage_is_a_404_not_a_server_error(
    client, matrix, recorded, mfa_ok
):
    default_storage.delete(recorded.file.name)  # lost from the disk or the bucket
    login(client, matrix["member"])
    assert client.get(reverse("audio:file", kwargs={"pk": recorded.pk})).status_code == 404


def test_a_published_groups_recommendation_is_heard_by_visitors(client, group, recorded):
    group.publish_recommendations = True
    group.save()
    recommendation = recorded.target
    recommendation.status = "submitted"
    recommendation.submitted_at = timezone.now()
    recommendation.due_on = timezone.localdate()
    recommendation.save()
    assert client.get(reverse("audio:file", kwargs={"pk": recorded.pk})).status_code == 200


def test_the_recorder_sees_the_manage_link_and_the_list(client, matrix, recorded, mfa_ok):
    login(client, matrix["facilitator"])
    recommendation = recorded.target
    detail = client.get(
        reverse("advisory:recommendation", args=[recommendation.group.slug, recommendation.pk])
    ).content.decode()
    manage = reverse("audio:manage", kwargs={"kind": "recommendation", "pk": recommendation.pk})
    assert manage in detail
    page = client.get(manage).content.decode()
    assert ARABIC in page and 'data-recorder data-target="id_file"' in page
    assert "js/recorder.js" in page


def test_the_manage_page_says_one_second_and_isolates_the_items_own_title(
    client, matrix, group, mfa_ok
):
    recommendation = RecommendationFactory(group=group, title="حافلات أبكر")
    for language, seconds in (("ar", 1.2), ("es", 3.0)):
        summary = audio_summary_attach(
            actor=matrix["interpreter"], item=recommendation, language=language, upload=wav()
        )
        AudioSummary.objects.filter(pk=summary.pk).update(duration_seconds=seconds)
    login(client, matrix["facilitator"])
    url = reverse("audio:manage", kwargs={"kind": "recommendation", "pk": recommendation.pk})
    page = " ".join(client.get(url).content.decode().split())
    assert "· 1 second</p>" in page and "1 seconds" not in page
    assert "· 3 seconds</p>" in page
    item_url = reverse(
        "advisory:recommendation", args=[recommendation.group.slug, recommendation.pk]
    )
    assert f'<a href="{item_url}" dir="auto">حافلات أبكر</a>' in page


# Notices link the recording in the recipient's language ----------------------------------


@pytest.fixture
def submitted(people, group):
    group.require_all_languages = False
    group.save()
    round_ = closed_round_with_priorities(group)
    rec = rec_services.recommendation_create(
        actor=people["member"],
        group=group,
        round_=round_,
        title="Earlier buses",
        text="Buses should arrive before the bell.",
        summary="Buses come earlier.",
        language="en",
        concern_ids=[round_.priorities.first().concern_id],
    )
    return rec_services.recommendation_submit(
        actor=people["facilitator"], recommendation=rec, leaders=[people["leader"]]
    )


def test_the_answer_notice_links_the_answer_summary_in_the_readers_language(
    matrix, group, submitted, _sms_outbox, mailoutbox, django_capture_on_commit_callbacks
):
    arabic_sms = UserFactory(preferred_language="ar", contact_channel="sms", phone="+12025550148")
    arabic_sms.phone_verified = True
    arabic_sms.save()
    MembershipFactory(group=group, user=arabic_sms)
    arabic_email = UserFactory(preferred_language="ar")
    MembershipFactory(group=group, user=arabic_email)
    states = answer_states()
    answer = answer_services.answer_save(
        actor=matrix["leader"],
        recommendation=submitted,
        state=states["accepted"],
        text="We will add a bus.",
        language="en",
    )
    audio_summary_attach(actor=matrix["interpreter"], item=answer, language="ar", upload=wav())
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        answer_services.answer_save(
            actor=matrix["leader"],
            recommendation=submitted,
            state=states["accepted"],
            text="We will add a bus.",
            language="en",
            publish=True,
        )
    summary = AudioSummary.objects.get()
    arabic = Notification.objects.get(recipient=arabic_sms, kind="advisory.answer_published")
    with translation.override("ar"):
        listen = reverse("audio:listen", kwargs={"pk": summary.pk})
    assert listen.startswith("/ar/")
    assert listen in arabic.body and listen in arabic.sms_text
    assert len(arabic.sms_text) <= 320
    assert arabic.audio_url.endswith(listen)
    english = Notification.objects.get(recipient=matrix["member"], kind="advisory.answer_published")
    assert "/audio/" not in english.body and "/audio/" not in english.sms_text
    assert english.audio_url == ""
    # What went out: the text message and the email (a large "listen" button in HTML).
    assert any(listen in message.body for message in _sms_outbox)
    email = next(m for m in mailoutbox if m.to == [arabic_email.email])
    assert listen in email.body
    html = email.alternatives[0][0]
    assert f'href="{arabic.audio_url}"' in html
    assert all(listen not in m.body for m in mailoutbox if m.to == [matrix["member"].email])


def test_a_scheduled_announcement_links_a_summary_recorded_before_it_goes(matrix, group):
    from cms.broadcasts import broadcasts_resume
    from cms.models import Broadcast

    arabic = UserFactory(preferred_language="ar")
    MembershipFactory(group=group, user=arabic)
    announcement = announcement_send(
        actor=matrix["facilitator"],
        group=group,
        subject="Meeting moved",
        body="The meeting is on Tuesday.",
        language="en",
        send_at=timezone.now() + timezone.timedelta(hours=1),
    )
    summary = audio_summary_attach(
        actor=matrix["facilitator"], item=announcement, language="ar", upload=wav()
    )
    # Its time comes (moved back rather than waited for); send_reminders starts it.
    Broadcast.objects.filter(pk=announcement.broadcast_id).update(
        send_at=timezone.now() - timezone.timedelta(seconds=1)
    )
    broadcasts_resume()
    notice = Notification.objects.get(recipient=arabic)
    assert f"/ar/audio/summaries/{summary.pk}/" in notice.body
    assert "/audio/" not in Notification.objects.get(recipient=matrix["member"]).body


def test_audio_keys_name_the_item():
    class Nothing:
        pass

    with pytest.raises(ValueError):
        audio_key(Nothing())


# Meetings -----------------------------------------------------------------------------


@pytest.fixture
def meeting(group):
    from advisory.models import GroupPage
    from meetings.models import MeetingIndexPage
    from tests.conftest import build_site
    from tests.meetings.conftest import add_meeting, publish_child

    home = build_site()
    group_page = publish_child(
        home, GroupPage(title="Lincoln families", slug="lincoln", group=group)
    )
    index = publish_child(group_page, MeetingIndexPage(title="Meetings", slug="meetings"))
    return add_meeting(index, "Spring meeting", place="Library")


def test_a_meeting_summary_plays_on_every_translation_of_the_page(client, matrix, meeting, mfa_ok):
    arabic_page = translate(meeting, "ar", title="اجتماع الربيع")
    login(client, matrix["facilitator"])
    url = reverse("audio:manage", kwargs={"kind": "meeting", "pk": arabic_page.pk})
    response = client.post(url, {"language": "ar", "file": wav()})
    assert response.status_code == 302
    summary = AudioSummary.objects.get()
    assert summary.object_id == meeting.pk  # the canonical page
    client.logout()
    page = client.get(arabic_page.url).content.decode()
    assert 'class="audio-summary"' in page and ARABIC in page
    assert client.get(reverse("audio:file", kwargs={"pk": summary.pk})).status_code == 200
    assert audio_summary_for_reader(meeting, "en") is None
    assert 'class="audio-summary"' not in client.get(meeting.url).content.decode()


@pytest.mark.parametrize(
    "who,allowed",
    [
        ("member", False),
        ("other_member", False),
        ("other_facilitator", False),
        ("leader", False),
        ("facilitator", True),
        ("interpreter", True),
        ("staff", True),
    ],
)
def test_who_may_record_a_meeting_summary(matrix, meeting, who, allowed):
    if allowed:
        audio_summary_attach(actor=matrix[who], item=meeting, language="es", upload=wav())
        assert AudioSummary.objects.count() == 1
    else:
        with pytest.raises(PermissionDenied):
            audio_summary_attach(actor=matrix[who], item=meeting, language="es", upload=wav())


@pytest.fixture
def fake_ffmpeg(tmp_path, monkeypatch):
    """A stand-in ffmpeg on PATH that copies its input to its output (the real ffmpeg is
    optional and not installed here)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "ffmpeg"
    fake.write_text(
        '#!/bin/sh\nwhile [ "$1" != "-i" ]; do shift; done\nsrc="$2"\n'
        'for last; do :; done\ncp "$src" "$last"\n'
    )
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")


def test_where_ffmpeg_is_installed_the_task_replaces_the_recording_with_an_m4a_copy(
    matrix, recommendation, fake_ffmpeg, django_capture_on_commit_callbacks
):
    """The transcoding step's storage handling."""
    with django_capture_on_commit_callbacks(execute=True):
        summary = audio_summary_attach(
            actor=matrix["interpreter"], item=recommendation, language="es", upload=wav()
        )
        uploaded_name = summary.file.name
    summary.refresh_from_db()
    assert summary.mime_type == "audio/mp4"
    assert summary.file.name.endswith(".m4a") and summary.file.name != uploaded_name
    assert default_storage.exists(summary.file.name)
    assert not default_storage.exists(uploaded_name)
    assert summary.duration_seconds == pytest.approx(1.0, abs=0.01)


def test_the_task_measures_the_transcoded_copy_it_made_without_downloading_it_again(
    matrix, recommendation, fake_ffmpeg, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.files.storage import FileSystemStorage

    real_open = FileSystemStorage.open
    opened = []

    def counting_open(self, name, mode="rb"):
        opened.append(name)
        return real_open(self, name, mode)

    monkeypatch.setattr(FileSystemStorage, "open", counting_open)
    with django_capture_on_commit_callbacks(execute=True):
        uploaded = audio_summary_attach(
            actor=matrix["interpreter"], item=recommendation, language="es", upload=wav()
        )
    summary = AudioSummary.objects.get()
    assert summary.mime_type == "audio/mp4"
    assert summary.duration_seconds == pytest.approx(1.0, abs=0.01)
    assert opened == [uploaded.file.name]  # the upload, read once; never the copy


def test_the_task_leaves_alone_a_recording_whose_file_went_meanwhile(matrix, recorded):
    from cms.audio.services import audio_summary_process

    default_storage.delete(recorded.file.name)  # replaced or deleted while it waited
    assert audio_summary_process(summary_id=recorded.pk) == "gone"
    assert AudioSummary.objects.get().processed_at is None


def test_deleting_the_item_deletes_its_summaries_and_their_files(
    matrix, recommendation, recorded, django_capture_on_commit_callbacks
):
    name = recorded.file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        recommendation.delete()
    assert not AudioSummary.objects.exists()
    assert not default_storage.exists(name)


def test_a_board_meeting_summary_is_recorded_by_interpreters_and_coordinators(matrix):
    from meetings.models import BoardIndexPage
    from tests.conftest import build_site
    from tests.meetings.conftest import add_meeting, publish_child

    board = publish_child(build_site(), BoardIndexPage(title="School board", slug="board"))
    meeting = add_meeting(board, "Board meeting", kind="board")
    coordinator = UserFactory(roles=["coordinator"])
    for who in (matrix["interpreter"], coordinator):
        audio_summary_attach(actor=who, item=meeting, language="so", upload=wav())
    for who in ("facilitator", "member", "leader"):
        with pytest.raises(PermissionDenied):
            audio_summary_attach(actor=matrix[who], item=meeting, language="so", upload=wav())
    assert AudioSummary.objects.get().recorded_by == coordinator


def test_an_answer_still_in_draft_cannot_have_a_summary_yet(client, matrix, submitted, mfa_ok):
    answer = answer_services.answer_save(
        actor=matrix["leader"],
        recommendation=submitted,
        state=answer_states()["accepted"],
        text="Draft.",
        language="en",
    )
    login(client, matrix["facilitator"])
    url = reverse("audio:manage", kwargs={"kind": "answer", "pk": answer.pk})
    assert client.post(url, {"language": "ar", "file": wav()}).status_code == 404
    assert not AudioSummary.objects.exists()
