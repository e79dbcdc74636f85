"""Text for the demo district, written per language. Only the demo command reads this."""

HOME = {
    "en": (
        "Family Advisory",
        "Families and schools, deciding together. Raise a concern, vote on what matters most, and get an answer from school leaders, in your language.",
    ),
    "es": (
        "Consejo Asesor de Familias",
        "Familias y escuelas deciden juntas. Plantee una inquietud, vote por lo más importante y reciba una respuesta de los líderes escolares, en su idioma.",
    ),
    "ar": (
        "المجلس الاستشاري للأسر",
        "الأسر والمدارس تقرر معًا. اطرح ما يقلقك، وصوّت على ما هو أهم، واحصل على رد من قادة المدرسة، بلغتك.",
    ),
    "zh-hans": (
        "家庭咨询委员会",
        "家庭与学校共同决策。提出您关心的问题，投票选出最重要的事项，并用您的语言得到学校领导的答复。",
    ),
    "vi": (
        "Hội đồng Tư vấn Gia đình",
        "Gia đình và nhà trường cùng nhau quyết định. Nêu mối quan tâm, bỏ phiếu cho điều quan trọng nhất và nhận câu trả lời từ lãnh đạo nhà trường, bằng ngôn ngữ của quý vị.",
    ),
    "ht": (
        "Konsèy Konsiltatif Fanmi",
        "Fanmi ak lekòl yo deside ansanm. Pataje yon enkyetid, vote pou sa ki pi enpòtan, epi resevwa yon repons nan men dirijan lekòl yo, nan lang ou.",
    ),
    "so": (
        "Guddiga La-talinta Qoysaska",
        "Qoysaska iyo dugsiyadu waxay wada go'aamiyaan. Soo gudbi walaac, u codee waxa ugu muhiimsan, oo jawaab ka hel hoggaamiyeyaasha dugsiga, adiga oo luqaddaada ku hadlaya.",
    ),
    "pt": (
        "Conselho Consultivo das Famílias",
        "Famílias e escolas decidem juntas. Apresente uma preocupação, vote no que é mais importante e receba uma resposta dos líderes escolares, no seu idioma.",
    ),
    "fr": (
        "Conseil consultatif des familles",
        "Les familles et les écoles décident ensemble. Faites part d'une préoccupation, votez pour ce qui compte le plus et recevez une réponse des responsables scolaires, dans votre langue.",
    ),
    "ko": (
        "가족 자문 위원회",
        "가족과 학교가 함께 결정합니다. 걱정거리를 이야기하고, 가장 중요한 것에 투표하고, 학교 지도자들에게서 여러분의 언어로 답변을 받으세요.",
    ),
}

RESOURCE_INDEX = {
    "en": ("Resources", "Plain-language guides for families."),
    "es": ("Recursos", "Guías en lenguaje sencillo para las familias."),
    "ar": ("موارد", "أدلة بلغة بسيطة للأسر."),
    "zh-hans": ("资源", "为家庭准备的简明指南。"),
    "vi": ("Tài liệu", "Hướng dẫn bằng ngôn ngữ đơn giản cho gia đình."),
}

# slug: {lang: (title, summary, paragraph)}
RESOURCES = {
    "know-your-rights": (
        "rights",
        {
            "en": (
                "Know your rights at school",
                "Every child has the right to a free public education, whatever their or their parents' immigration status.",
                "Schools may not ask about immigration status. You have the right to an interpreter at meetings about your child, free of charge. You can ask for school documents in your language.",
            ),
            "es": (
                "Conozca sus derechos en la escuela",
                "Todo niño tiene derecho a una educación pública gratuita, sin importar su situación migratoria ni la de sus padres.",
                "Las escuelas no pueden preguntar por la situación migratoria. Usted tiene derecho a un intérprete gratuito en las reuniones sobre su hijo. Puede pedir los documentos escolares en su idioma.",
            ),
            "ar": (
                "اعرف حقوقك في المدرسة",
                "لكل طفل الحق في تعليم عام مجاني، مهما كان وضعه أو وضع والديه من حيث الهجرة.",
                "لا يجوز للمدارس السؤال عن وضع الهجرة. لك الحق في مترجم مجاني في الاجتماعات الخاصة بطفلك. يمكنك طلب وثائق المدرسة بلغتك.",
            ),
            "zh-hans": (
                "了解您在学校的权利",
                "无论孩子或其父母的移民身份如何，每个孩子都有权接受免费的公立教育。",
                "学校不得询问移民身份。在有关您孩子的会议上，您有权免费获得口译服务。您可以要求获得用您的语言书写的学校文件。",
            ),
            "vi": (
                "Biết quyền của quý vị tại trường học",
                "Mọi trẻ em đều có quyền được học miễn phí tại trường công, bất kể tình trạng di trú của các em hay của cha mẹ.",
                "Nhà trường không được hỏi về tình trạng di trú. Quý vị có quyền có thông dịch viên miễn phí trong các buổi họp về con mình. Quý vị có thể yêu cầu tài liệu của trường bằng ngôn ngữ của mình.",
            ),
        },
    ),
    "how-school-works": (
        "school-system",
        {
            "en": (
                "How the school system works",
                "Who does what in our district, and whom to ask.",
                "Each school has a principal. The district is led by a superintendent, and an elected school board sets policy. Anyone may speak at a school-board meeting during public comment.",
            ),
            "es": (
                "Cómo funciona el sistema escolar",
                "Quién hace qué en nuestro distrito y a quién preguntar.",
                "Cada escuela tiene un director. El distrito lo dirige un superintendente, y una junta escolar elegida define las políticas. Cualquier persona puede hablar en una reunión de la junta durante el comentario público.",
            ),
            "ar": (
                "كيف يعمل النظام المدرسي",
                "من يفعل ماذا في منطقتنا التعليمية، ومن تسأل.",
                "لكل مدرسة مدير. يقود المنطقة التعليمية مشرف عام، ويضع مجلس مدرسي منتخب السياسات. يمكن لأي شخص التحدث في اجتماع المجلس المدرسي خلال فترة التعليقات العامة.",
            ),
            "zh-hans": (
                "学校系统如何运作",
                "我们学区谁负责什么，以及应该询问谁。",
                "每所学校都有一位校长。学区由学监领导，民选的学校董事会制定政策。任何人都可以在学校董事会会议的公众意见环节发言。",
            ),
            "vi": (
                "Hệ thống trường học hoạt động như thế nào",
                "Ai làm gì trong học khu của chúng ta, và nên hỏi ai.",
                "Mỗi trường có một hiệu trưởng. Học khu do tổng giám đốc học khu điều hành, và hội đồng giáo dục do dân bầu đặt ra chính sách. Bất kỳ ai cũng có thể phát biểu trong phần ý kiến công chúng tại cuộc họp hội đồng giáo dục.",
            ),
        },
    ),
    "free-legal-help": (
        "legal-aid",
        {
            "en": (
                "Free legal help",
                "Where to find free, trustworthy legal advice. We do not give legal advice ourselves.",
                'Our community partners include legal-aid organisations that help families for free and in many languages. See the community partners page and choose "Legal aid".',
            ),
            "es": (
                "Ayuda legal gratuita",
                "Dónde encontrar asesoría legal gratuita y confiable. Nosotros no damos asesoría legal.",
                'Entre nuestros socios comunitarios hay organizaciones de ayuda legal que atienden a las familias gratis y en muchos idiomas. Vea la página de socios comunitarios y elija "Ayuda legal".',
            ),
            "ar": (
                "مساعدة قانونية مجانية",
                "أين تجد استشارة قانونية مجانية وموثوقة. نحن لا نقدم استشارات قانونية بأنفسنا.",
                'من بين شركائنا في المجتمع منظمات للمساعدة القانونية تساعد الأسر مجانًا وبلغات كثيرة. انظر صفحة الشركاء واختر "مساعدة قانونية".',
            ),
        },
    ),
}

ABOUT = {
    "en": (
        "About family advisory groups",
        "How families and the district work together here.",
        "A family advisory group is where families raise concerns, agree on priorities and write recommendations. School and district leaders must answer each recommendation by a due date, and everyone can see the answer.",
    ),
    "es": (
        "Acerca de los consejos asesores de familias",
        "Cómo trabajan juntos aquí las familias y el distrito.",
        "Un consejo asesor de familias es donde las familias plantean inquietudes, acuerdan prioridades y escriben recomendaciones. Los líderes de la escuela y del distrito deben responder cada recomendación antes de una fecha límite, y todos pueden ver la respuesta.",
    ),
    "ar": (
        "عن المجالس الاستشارية للأسر",
        "كيف تعمل الأسر والمنطقة التعليمية معًا هنا.",
        "المجلس الاستشاري للأسر هو المكان الذي تطرح فيه الأسر ما يقلقها، وتتفق على الأولويات، وتكتب التوصيات. يجب على قادة المدرسة والمنطقة الرد على كل توصية قبل موعد محدد، ويمكن للجميع رؤية الرد.",
    ),
}

PARTNERS = [
    {
        "name": "Northside Immigrant Legal Clinic",
        "description": "Free, confidential legal consultations for families. Walk-in hours on Saturdays.",
        "description_language": "en",
        "services": ["legal-aid"],
        "languages": ["en", "es", "ht", "fr", "pt"],
        "area": "North and East neighbourhoods",
        "address": "120 Main Street, Suite 4",
        "phone": "+1 555 0100",
        "website": "https://legal-clinic.example.org",
    },
    {
        "name": "Centro Familiar La Esperanza",
        "description": "Clases de inglés para adultos, apoyo para familias y tutorías para jóvenes.",
        "description_language": "es",
        "services": ["adult-education", "family-support", "youth"],
        "languages": ["es", "en", "pt"],
        "area": "Toda la ciudad",
        "address": "45 Oak Avenue",
        "phone": "+1 555 0101",
    },
    {
        "name": "جمعية الجالية العربية",
        "description": "مساعدة الأسر الجديدة في التسجيل المدرسي والرعاية الصحية والعمل.",
        "description_language": "ar",
        "services": ["family-support", "health", "employment"],
        "languages": ["ar", "en", "prs", "ps"],
        "area": "West side",
        "address": "8 Cedar Road",
        "phone": "+1 555 0102",
    },
    {
        "name": "Somali Family Services",
        "description": "Family support, youth mentoring and help with housing.",
        "description_language": "en",
        "services": ["family-support", "housing", "youth"],
        "languages": ["so", "en", "sw", "am"],
        "area": "Citywide",
        "phone": "+1 555 0103",
        "email": "hello@somali-family.example.org",
    },
    {
        "name": "Asian Community Health Center",
        "description": "Low-cost clinic with doctors and counsellors who speak your language.",
        "description_language": "en",
        "services": ["health", "mental-health"],
        "languages": ["zh-hans", "vi", "ko", "en", "my"],
        "area": "Downtown",
        "address": "300 Market Street",
        "phone": "+1 555 0104",
    },
    {
        "name": "Community Food Pantry Network",
        "description": "Free groceries every week, no questions asked.",
        "description_language": "en",
        "services": ["food"],
        "languages": ["en", "es", "ar", "so", "uk", "ru"],
        "area": "Five locations across the district",
        "phone": "+1 555 0105",
    },
]

# (display name, language, channel) for demo members, spread over the ten languages.
MEMBERS = [
    ("María G.", "es", "email"),
    ("José R.", "es", "email"),
    ("Lucía P.", "es", "none"),
    ("Fatima A.", "ar", "email"),
    ("Omar K.", "ar", "email"),
    ("Layla H.", "ar", "none"),
    ("Wei L.", "zh-hans", "email"),
    ("Mei C.", "zh-hans", "email"),
    ("Jun Z.", "zh-hans", "none"),
    ("Lan N.", "vi", "email"),
    ("Minh T.", "vi", "email"),
    ("Hoa P.", "vi", "none"),
    ("Jean-Baptiste D.", "ht", "email"),
    ("Marie-Claude F.", "ht", "email"),
    ("Wood J.", "ht", "none"),
    ("Hodan M.", "so", "email"),
    ("Abdi A.", "so", "email"),
    ("Ayaan Y.", "so", "none"),
    ("Ana S.", "pt", "email"),
    ("Rafael O.", "pt", "email"),
    ("Beatriz L.", "pt", "none"),
    ("Aminata D.", "fr", "email"),
    ("Claire B.", "fr", "email"),
    ("Moussa T.", "fr", "none"),
    ("Ji-woo K.", "ko", "email"),
    ("Seo-yeon P.", "ko", "email"),
    ("Min-jun L.", "ko", "none"),
    ("Sarah W.", "en", "email"),
    ("James O.", "en", "email"),
    ("Priya R.", "en", "none"),
]

PHONE_ONLY_MEMBER = {
    "display_name": "Hodan (phone only)",
    "phone": "+12025550147",
    "preferred_language": "so",
}

ANNOUNCEMENT = {
    "subject": "Next meeting: Thursday at 6 pm, with dinner and childcare",
    "body": "Our next family meeting is on Thursday at 6 pm in the library. Dinner and childcare are free. Interpreters for Spanish, Arabic, Vietnamese and Somali will be there.",
    "translations": {
        "es": (
            "Próxima reunión: jueves a las 6 p. m., con cena y cuidado de niños",
            "Nuestra próxima reunión de familias es el jueves a las 6 p. m. en la biblioteca. La cena y el cuidado de niños son gratis. Habrá intérpretes de español, árabe, vietnamita y somalí.",
        ),
        "ar": (
            "الاجتماع القادم: الخميس الساعة 6 مساءً، مع عشاء ورعاية للأطفال",
            "اجتماع الأسر القادم يوم الخميس الساعة 6 مساءً في المكتبة. العشاء ورعاية الأطفال مجانًا. سيحضر مترجمون للإسبانية والعربية والفيتنامية والصومالية.",
        ),
        "vi": (
            "Cuộc họp tới: thứ Năm lúc 6 giờ chiều, có bữa tối và giữ trẻ",
            "Cuộc họp phụ huynh tới vào thứ Năm lúc 6 giờ chiều tại thư viện. Bữa tối và giữ trẻ miễn phí. Sẽ có thông dịch viên tiếng Tây Ban Nha, Ả Rập, Việt và Somali.",
        ),
    },
    "reminder_subject": "Reminder: priority voting closes on Friday",
    "reminder_body": "Please spend your votes on the concerns that matter most to your family before Friday.",
}

# (author index in MEMBERS, language, title, text, {language: (title, text)} translations)
CONCERNS = [
    (
        0,
        "es",
        "El autobús llega tarde",
        "El autobús escolar llega tarde casi todos los días y los niños pierden el desayuno.",
        {
            "en": (
                "The bus is late",
                "The school bus is late almost every day and the children miss breakfast.",
            ),
            "ar": (
                "الحافلة تتأخر",
                "تتأخر الحافلة المدرسية كل يوم تقريبًا ويفوت الأطفال وجبة الإفطار.",
            ),
        },
    ),
    (
        3,
        "ar",
        "لا توجد رسائل بالعربية",
        "رسائل المدرسة تصل بالإنجليزية فقط ولا نعرف مواعيد الاجتماعات.",
        {
            "en": (
                "No letters in Arabic",
                "School letters come only in English, so we miss meeting dates.",
            ),
            "es": (
                "No hay cartas en árabe",
                "Las cartas de la escuela llegan solo en inglés y no sabemos las fechas de las reuniones.",
            ),
        },
    ),
    (
        9,
        "vi",
        "Cần lớp tiếng Anh cho phụ huynh",
        "Nhiều phụ huynh muốn học tiếng Anh vào buổi tối tại trường.",
        {
            "en": (
                "English classes for parents",
                "Many parents want evening English classes at the school.",
            )
        },
    ),
    (
        15,
        "so",
        "Cunto xalaal ah",
        "Carruurta qaar ma cunaan qadada sababtoo ah cunto xalaal ah ma jirto.",
        {},
    ),
    (
        27,
        "en",
        "Safer crossing on Oak Street",
        "There is no crossing guard at Oak Street in the morning.",
        {
            "es": (
                "Cruce más seguro en Oak Street",
                "No hay guardia de cruce en Oak Street por la mañana.",
            )
        },
    ),
    (
        1,
        "es",
        "Intérpretes en las reuniones con maestros",
        "Necesitamos intérpretes en las reuniones con los maestros, no que traduzcan nuestros hijos.",
        {},
    ),
]

POLL = {
    "question": "Which evening suits you best for the next meeting?",
    "choices": ["Tuesday 6 pm", "Wednesday 6 pm", "Thursday 6 pm"],
    "translations": {
        "es": (
            "¿Qué tarde le conviene más para la próxima reunión?",
            ["Martes 6 p. m.", "Miércoles 6 p. m.", "Jueves 6 p. m."],
        ),
        "ar": (
            "أي مساء يناسبك أكثر للاجتماع القادم؟",
            ["الثلاثاء 6 مساءً", "الأربعاء 6 مساءً", "الخميس 6 مساءً"],
        ),
    },
}

GROUP_PAGE = {
    "en": (
        "Lincoln Elementary Family Advisory",
        "Parents and families of Lincoln Elementary meet every month, with interpreters, childcare and dinner. Tell us what worries you; together we decide what to ask the school for.",
    ),
    "es": (
        "Consejo Asesor de Familias de Lincoln",
        "Las familias de la escuela Lincoln se reúnen cada mes, con intérpretes, cuidado de niños y cena. Cuéntenos lo que le preocupa; juntos decidimos qué pedir a la escuela.",
    ),
    "ar": (
        "المجلس الاستشاري لأسر مدرسة لينكولن",
        "تجتمع أسر مدرسة لينكولن كل شهر، مع مترجمين ورعاية للأطفال وعشاء. أخبرنا بما يقلقك؛ ونقرر معًا ما نطلبه من المدرسة.",
    ),
}
