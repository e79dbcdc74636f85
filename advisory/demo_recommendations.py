"""Demo recommendations at every state, for ``manage.py demo_data``: a closed round with
ranked priorities, then a draft (two revisions, a comment), a submitted one, an overdue one
and an answered one with commitments and a progress update, written in several languages
with people-made summaries in the group's working languages. Safe to run twice."""

from datetime import timedelta

from django.utils import timezone

# Plain-language summaries per working language (en, es, ar, vi, so) of the Lincoln group.
SUMMARIES = {
    "buses": {
        "title": {
            "en": "Buses before the bell",
            "es": "Autobuses antes del timbre",
            "ar": "الحافلات قبل الجرس",
            "vi": "Xe buýt đến trước giờ học",
            "so": "Basaska ka hor gambaleelka",
        },
        "summary": {
            "en": "The morning bus on route 4 should reach school 15 minutes before class.",
            "es": "El autobús de la ruta 4 debe llegar a la escuela 15 minutos antes de clase.",
            "ar": "يجب أن تصل حافلة الخط 4 إلى المدرسة قبل بدء الدروس بخمس عشرة دقيقة.",
            "vi": "Xe buýt tuyến 4 buổi sáng nên đến trường 15 phút trước giờ học.",
            "so": "Baska subaxa ee waddada 4 waa inuu dugsiga yimaadaa 15 daqiiqo ka hor casharka.",
        },
    },
    "interpreters": {
        "title": {
            "en": "Interpreters at every conference",
            "es": "Intérpretes en cada reunión de padres",
            "ar": "مترجمون في كل اجتماع مع المعلمين",
            "vi": "Có thông dịch viên ở mọi buổi họp phụ huynh",
            "so": "Turjubaan shir kasta oo waalidka",
        },
        "summary": {
            "en": "Every parent-teacher conference offers a trained interpreter, booked in advance.",
            "es": "Cada reunión de padres y maestros ofrece un intérprete capacitado, reservado con tiempo.",
            "ar": "يُوفَّر مترجم مدرَّب في كل اجتماع بين الأهل والمعلمين، ويُحجز مسبقًا.",
            "vi": "Mỗi buổi họp phụ huynh đều có thông dịch viên được đào tạo, đặt trước.",
            "so": "Shir kasta oo waalidka iyo macallinka waxaa la siiyaa turjubaan tababaran, horay loo ballansaday.",
        },
    },
    "crossing": {
        "title": {
            "en": "A crossing guard on Elm Street",
            "es": "Un guardia de cruce en la calle Elm",
            "ar": "حارس عبور في شارع إلم",
            "vi": "Nhân viên hướng dẫn qua đường ở phố Elm",
            "so": "Ilaaliye gudbinta wadada Elm",
        },
        "summary": {
            "en": "Children cross Elm Street without help; a crossing guard is needed at 8 and 3.",
            "es": "Los niños cruzan la calle Elm sin ayuda; se necesita un guardia a las 8 y a las 3.",
            "ar": "يعبر الأطفال شارع إلم دون مساعدة؛ نحتاج إلى حارس عبور عند الساعة 8 والساعة 3.",
            "vi": "Trẻ em qua phố Elm mà không có ai giúp; cần người hướng dẫn lúc 8 giờ và 3 giờ.",
            "so": "Carruurtu waxay gudbaan wadada Elm iyagoon caawin helin; waxaa loo baahan yahay ilaaliye 8da iyo 3da.",
        },
    },
}

PRIORITIES = [
    ("es", "El autobús llega tarde", "El autobús de la ruta 4 llega después del timbre.", 34, 14),
    ("ar", "لا يوجد مترجم في الاجتماعات", "لا نفهم ما يقوله المعلمون في الاجتماعات.", 29, 12),
    ("en", "Unsafe crossing on Elm Street", "Cars do not stop for children at Elm Street.", 21, 9),
    ("vi", "Bữa sáng hết quá sớm", "Con tôi đến trường thì bữa sáng đã hết.", 12, 6),
]


def load(people: dict, groups: list) -> None:
    from advisory.models import (
        Concern,
        ContentTranslation,
        Phase,
        RankedPriority,
        Recommendation,
        RecommendationComment,
        Round,
        TranslationStatus,
    )
    from advisory.models.recommendations import AnswerState
    from advisory.services import answers, recommendations

    group = groups[0]
    if Recommendation.objects.filter(group=group).exists():
        return
    group.publish_recommendations = True
    group.save(update_fields=["publish_recommendations"])
    members, facilitator, leader = people["members"], people["facilitator"], people["leader"]
    translator = people["interpreters"][0]
    now = timezone.now()

    closed = Round.objects.create(
        group=group,
        title="Priorities for 2026",
        phase=Phase.CLOSED,
        closed_at=now - timedelta(days=60),
    )
    concerns = []
    for rank, (language, title, text, dots, supporters) in enumerate(PRIORITIES, start=1):
        concern = Concern.objects.create(
            round=closed, author=members[rank], title=title, text=text, language=language
        )
        RankedPriority.objects.create(
            round=closed, concern=concern, rank=rank, dots=dots, supporters=supporters
        )
        concerns.append(concern)
    Round.objects.filter(pk=closed.pk).update(created_at=now - timedelta(days=120))

    def summaries(rec, key: str, *, skip: tuple[str, ...] = ()) -> None:
        for code in group.working_languages:
            if code == rec.language or code in skip:
                continue
            ContentTranslation.objects.update_or_create(
                recommendation=rec,
                language=code,
                defaults={
                    "title": SUMMARIES[key]["title"][code],
                    "text": SUMMARIES[key]["summary"][code],
                    "status": TranslationStatus.REVIEWED,
                    "translated_by": translator,
                },
            )

    def create(author, key: str, language: str, text: str, reasons: str, linked):
        return recommendations.recommendation_create(
            actor=author,
            group=group,
            round_=closed,
            title=SUMMARIES[key]["title"][language],
            text=text,
            reasons=reasons,
            summary=SUMMARIES[key]["summary"][language],
            language=language,
            concern_ids=[c.pk for c in linked],
        )

    # Answered, with commitments and a progress update (written in Spanish).
    buses = create(
        members[0],
        "buses",
        "es",
        "Pedimos que el distrito adelante 20 minutos el autobús de la ruta 4 y avise a las "
        "familias por mensaje de texto cuando se retrase.",
        "Catorce familias dijeron que sus hijos llegan tarde y pierden el desayuno.",
        [concerns[0], concerns[3]],
    )
    summaries(buses, "buses")
    recommendations.recommendation_submit(
        actor=facilitator,
        recommendation=buses,
        leaders=[leader],
        due_on=timezone.localdate(now - timedelta(days=20)),
        now=now - timedelta(days=45),
    )
    states = {s.code: s for s in AnswerState.objects.all()}
    answer = answers.answer_save(
        actor=leader,
        recommendation=buses,
        state=states.get("partly-accepted"),
        text="We will move the route 4 pick-ups 15 minutes earlier from next month. Text "
        "alerts for delays need a new contract; we will report back in the spring.",
        language="en",
        commitments=[
            {
                "what": "New route 4 timetable",
                "owner": "District transportation office",
                "due_on": timezone.localdate(now + timedelta(days=20)),
            },
            {
                "what": "Proposal for text alerts on bus delays",
                "owner": "Principal Rivera",
                "due_on": timezone.localdate(now + timedelta(days=90)),
            },
        ],
        publish=True,
        now=now - timedelta(days=25),
    )
    first = answer.commitments.first()
    answers.commitment_update_add(
        actor=leader,
        commitment=first,
        status="in-progress",
        percent=60,
        note="Drivers agreed to the new times; the timetable goes to families next week.",
        now=now - timedelta(days=5),
    )

    # Overdue: submitted 40 days ago, due 10 days ago, written in Arabic.
    interpreters = create(
        members[3],
        "interpreters",
        "ar",
        "نطلب أن توفّر المدرسة مترجمًا مدرَّبًا في كل اجتماع بين الأهل والمعلمين، وأن تسأل "
        "العائلات عن لغتها عند حجز الموعد.",
        "قالت اثنتا عشرة عائلة إنها لم تفهم ما قاله المعلمون عن أطفالها.",
        [concerns[1]],
    )
    summaries(interpreters, "interpreters")
    recommendations.recommendation_submit(
        actor=facilitator,
        recommendation=interpreters,
        leaders=[leader],
        due_on=timezone.localdate(now - timedelta(days=10)),
        now=now - timedelta(days=40),
    )

    # Submitted and waiting, written in English.
    crossing = create(
        facilitator,
        "crossing",
        "en",
        "Hire a crossing guard for Elm Street at 8:00 and 15:00 on school days, and paint "
        "the crosswalk before the winter.",
        "Nine families saw cars that did not stop for children.",
        [concerns[2]],
    )
    summaries(crossing, "crossing")
    recommendations.recommendation_submit(
        actor=facilitator, recommendation=crossing, leaders=[leader], now=now
    )

    # A draft two members are still writing (in Vietnamese), with a comment; the Somali
    # summary is still missing, so it cannot be submitted yet.
    draft = recommendations.recommendation_create(
        actor=members[9],
        group=group,
        round_=closed,
        title="Bữa sáng cho mọi học sinh",
        text="Nhà trường nên giữ bữa sáng đến 8 giờ 15 cho học sinh đi xe buýt.",
        summary="Giữ bữa sáng lâu hơn cho học sinh đi xe buýt.",
        language="vi",
        concern_ids=[concerns[3].pk],
    )
    recommendations.recommendation_edit(
        actor=members[10],
        recommendation=draft,
        base_revision=draft.revision,
        title=draft.title,
        text=draft.text + " Học sinh đến muộn vì xe buýt vẫn được ăn sáng.",
        reasons="Sáu gia đình nói con họ bị đói buổi sáng.",
        summary=draft.summary,
        concern_ids=[concerns[3].pk],
    )
    RecommendationComment.objects.create(
        recommendation=draft,
        author=members[0],
        text="¿Podemos pedir también fruta para llevar?",
        language="es",
    )
    ContentTranslation.objects.create(
        recommendation=draft,
        language="en",
        title="Breakfast for every student",
        text="Keep breakfast open longer for students who come by bus.",
        status=TranslationStatus.REVIEWED,
        translated_by=translator,
    )
    recommendations.summaries_request(actor=members[9], recommendation=draft)
