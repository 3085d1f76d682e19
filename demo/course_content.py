"""Demo course (Russian and English): an introduction to CAR-T cell therapy.

Pure data, no imports. Facts come from the curriculum fact base (shared/curriculum/facts.md); every
lesson ends with a references block whose source ids resolve in that file's source register.
"""

COURSE = {
    "topics": ["biology", "manufacturing"],
    "roles": ["operator", "qc", "qa", "ra", "clinical"],
    "hours": 2,
    "level": "introductory",
    "version": "1.0",
    "validity_months": 24,
    "ru": {
        "title": "Введение в CAR-T-клеточную терапию",
        "slug": "vvedenie-v-car-t",
        "seo_description": (
            "Вводный курс: что такое CAR-T-препарат, какие CAR-T-препараты одобрены и как производят "
            "аутологичный препарат — от афереза до инфузии."
        ),
        "summary": (
            "Вводный курс для всех, кто участвует в создании CAR-T-клеточных препаратов. Вы узнаете, как "
            "CAR-T-клетка распознаёт мишень, как регуляторы классифицируют CAR-T-препараты и чем различаются "
            "одобренные препараты. Затем курс прослеживает путь аутологичного препарата от афереза до "
            "инфузии с акцентом на цепочку идентичности."
        ),
        "objectives": [
            "Объяснить, как химерный антигенный рецептор позволяет Т-клетке распознавать антиген-мишень.",
            "Определить регуляторный статус CAR-T-препарата в терминах США, ЕС, России и ЕАЭС.",
            "Назвать одобренные FDA CAR-T-препараты, их антигены-мишени и даты первого одобрения.",
            (
                "Описать этапы производства от афереза до инфузии и роль цепочки идентичности и цепочки "
                "хранения и передачи."
            ),
        ],
        "prerequisites": [
            "Базовые знания клеточной биологии и иммунологии",
            "Общее представление о принципах GMP",
        ],
        "modules": [
            {
                "title": "Что такое CAR-T-препарат",
                "slug": "chto-takoe-car-t-preparat",
                "summary": (
                    "CAR-конструкция, регуляторный статус CAR-T-препаратов в разных юрисдикциях и одобренные "
                    "на сегодня препараты."
                ),
                "objectives": [
                    "Объяснить, как устроен CAR и как он запускает активацию Т-клетки.",
                    (
                        "Сравнить одобренные CAR-T-препараты по конструкции и особенностям процесса, важным "
                        "для производства."
                    ),
                ],
                "lessons": [
                    {
                        "title": "CAR-конструкция и регуляторное определение",
                        "slug": "car-konstruktsiya-i-regulyatornoe-opredelenie",
                        "summary": (
                            "Как устроен химерный антигенный рецептор и как CAR-T-клетка распознаёт мишень. "
                            "Как CAR-T-препараты классифицируют регуляторы США, ЕС, России и ЕАЭС."
                        ),
                        "body": [
                            ("heading", {"text": "От Т-клетки к CAR-T-клетке", "level": "h2"}),
                            (
                                "paragraph",
                                (
                                    "<p>Т-клетки — это лимфоциты, одна из разновидностей белых клеток крови. "
                                    "При CAR-T-терапии собственные Т-клетки пациента собирают, вне организма "
                                    "вводят в них новый ген и затем возвращают пациенту. Этот ген кодирует "
                                    "<strong>химерный антигенный рецептор</strong> (CAR) — искусственный "
                                    "рецептор, который перенацеливает Т-клетку на выбранный антиген на "
                                    "поверхности клеток, подлежащих уничтожению.</p>"
                                ),
                            ),
                            ("heading", {"text": "Как устроена конструкция", "level": "h3"}),
                            (
                                "paragraph",
                                (
                                    "<p>CAR объединяет в одной белковой цепи участки разных "
                                    "молекул:</p><ul><li><strong>Антигенсвязывающий домен</strong> на "
                                    "внешней стороне клетки — обычно одноцепочечный вариабельный фрагмент "
                                    "антитела (scFv). В CD19-направленных препаратах tisa-cel, axi-cel, "
                                    "brexu-cel и liso-cel используется один и тот же анти-CD19 scFv под "
                                    "названием FMC63.</li><li><strong>Шарнирный и трансмембранный "
                                    "участки</strong>, которые закрепляют рецептор в "
                                    "мембране.</li><li><strong>Сигнальные домены</strong> внутри клетки: "
                                    "активационный домен CD3ζ и костимулирующий домен — CD28 (axi-cel, "
                                    "brexu-cel) или 4-1BB (tisa-cel, liso-cel).</li></ul>"
                                ),
                            ),
                            (
                                "paragraph",
                                (
                                    "<p>Когда scFv связывается со своим антигеном на клетке-мишени (у "
                                    "одобренных препаратов это CD19 на В-клетках или BCMA на клетках "
                                    "миеломы), сигнальные домены активируют Т-клетку: она уничтожает мишень "
                                    "и размножается. Костимулирующий домен, вектор и промотор, управляющий "
                                    "экспрессией CAR, относятся к конструктивным решениям, которыми "
                                    "препараты отличаются друг от друга.</p>"
                                ),
                            ),
                            (
                                "key_facts",
                                {
                                    "title": "Главное",
                                    "facts": [
                                        (
                                            "Все одобренные CAR-T-препараты аутологичные, то есть "
                                            "изготовлены из собственных клеток пациента."
                                        ),
                                        (
                                            "Для доставки гена CAR во всех этих препаратах используются "
                                            "интегрирующие вирусные векторы."
                                        ),
                                        (
                                            "FDA регулирует CAR-T-клетки как генотерапевтические препараты "
                                            "для человека."
                                        ),
                                    ],
                                },
                            ),
                            ("heading", {"text": "Как регуляторы определяют CAR-T-препарат", "level": "h2"}),
                            (
                                "paragraph",
                                (
                                    "<p><strong>США.</strong> Для FDA CAR-T-клеточные препараты — это "
                                    "генотерапевтические препараты для человека, в которых специфичность "
                                    "Т-клеток изменена генетически, чтобы они распознавали заданный "
                                    "антиген-мишень. Окончательное руководство FDA от января 2024 года "
                                    "охватывает вопросы производства и качества (CMC), фармакологии и "
                                    "токсикологии, а также дизайна клинических исследований аутологичных и "
                                    "аллогенных препаратов.</p>"
                                ),
                            ),
                            (
                                "paragraph",
                                (
                                    "<p><strong>Европейский союз.</strong> CAR-T-препараты относятся к ATMP "
                                    "— лекарственным препаратам передовой терапии. Требования GMP к ним "
                                    "изложены в самостоятельном документе — части IV тома 4 EudraLex, "
                                    "которую Европейская комиссия приняла 22 ноября 2017 года.</p>"
                                ),
                            ),
                            (
                                "paragraph",
                                (
                                    "<p><strong>Россия и ЕАЭС.</strong> Федеральный закон № 61-ФЗ определяет "
                                    "генотерапевтические лекарственные препараты как препараты, "
                                    "фармацевтическая субстанция которых является рекомбинантной нуклеиновой "
                                    "кислотой или содержит её, что позволяет регулировать, восстанавливать, "
                                    "заменять, добавлять или удалять генетическую последовательность. "
                                    "Определение ЕАЭС приведено в Правилах регистрации и экспертизы (Решение "
                                    "Совета ЕЭК № 78 от 3 ноября 2016 года). Поправки к этим правилам, о "
                                    "которых сообщалось 19 декабря 2023 года, относят генотерапевтические, "
                                    "соматические клеточные и тканеинженерные препараты к категории ВТЛП. "
                                    "Федеральный закон № 180-ФЗ, в свою очередь, регулирует биомедицинские "
                                    "клеточные продукты (БМКП). На практике CAR-T-препарат в России "
                                    "производят либо как ВТЛП, подлежащий обязательной государственной "
                                    "регистрации, либо как индивидуальный БМКП по разрешению Минздрава, "
                                    "который применяется только в изготовившей его медицинской "
                                    "организации.</p>"
                                ),
                            ),
                            (
                                "glossary",
                                {
                                    "term": "ВТЛП",
                                    "definition": (
                                        "Высокотехнологичный лекарственный препарат — категория Правил "
                                        "регистрации ЕАЭС, которая включает генотерапевтические, "
                                        "соматические клеточные и тканеинженерные препараты. Ближайший "
                                        "аналог в ЕС — ATMP."
                                    ),
                                    "other_language": "ATMP",
                                },
                            ),
                            (
                                "glossary",
                                {
                                    "term": "БМКП",
                                    "definition": (
                                        "Биомедицинский клеточный продукт по Федеральному закону № 180-ФЗ — "
                                        "комплекс из одной или нескольких клеточных линий и вспомогательных "
                                        "веществ, в том числе в сочетании с зарегистрированными "
                                        "лекарственными препаратами или медицинскими изделиями."
                                    ),
                                    "other_language": "BMCP (biomedical cell product)",
                                },
                            ),
                            (
                                "callout",
                                {
                                    "kind": "note",
                                    "title": "Почему это важно на производстве",
                                    "text": (
                                        "<p>От регуляторного статуса зависит, какие правила GMP, лицензии и "
                                        "процедуры выпуска применяются к препарату. Но при любом пути каждая "
                                        "серия CAR-T — это живой генетически модифицированный препарат, "
                                        "изготовленный для одного конкретного пациента.</p>"
                                    ),
                                },
                            ),
                            (
                                "references",
                                {
                                    "items": [
                                        {
                                            "source_id": "S1",
                                            "title": (
                                                "Considerations for the Development of CAR T Cell Products, "
                                                "final guidance, docket FDA-2021-D-0404"
                                            ),
                                            "issuer": "FDA",
                                            "date": "Jan 2024",
                                            "url": (
                                                "https://www.fda.gov/regulatory-information/search-fda-guidance-documents/considerations-development-chimeric-antigen-receptor-car-t-cell-products"
                                            ),
                                        },
                                        {
                                            "source_id": "S18",
                                            "title": (
                                                "J Transl Med 2023 (s12967-023-04372-4), Table 1 CD19 CAR "
                                                "architectures & processes"
                                            ),
                                            "issuer": "J Transl Med",
                                            "date": "2023",
                                            "url": (
                                                "https://translational-medicine.biomedcentral.com/articles/10.1186/s12967-023-04372-4/tables/1"
                                            ),
                                        },
                                        {
                                            "source_id": "S29",
                                            "title": (
                                                "Non-viral CAR-T: J Immunol Res 2021 Table 1; piggyBac GMP "
                                                "platform PMC8482285; IJMS 2024;25:13685"
                                            ),
                                            "issuer": "J Immunol Res; IJMS",
                                            "date": "2021; 2024",
                                            "url": "https://www.hindawi.com/journals/jir/2021/6644685/tab1",
                                        },
                                        {
                                            "source_id": "S39",
                                            "title": (
                                                "EudraLex Vol 4 Part IV (copy of text; dates, scope, ToC); "
                                                "certifico; telugugmp"
                                            ),
                                            "issuer": "European Commission",
                                            "date": "22 Nov 2017",
                                            "url": (
                                                "https://it.scribd.com/document/390272970/2017-11-22-Guidelines-Gmp-for-Atmps"
                                            ),
                                        },
                                        {
                                            "source_id": "S66",
                                            "title": (
                                                "180-FZ text (zakonrf ToC; geostart Art. 36; translated "
                                                "copies of Arts. 1–3); Ivanov & Chabanenko 2017 (effective "
                                                "dates)"
                                            ),
                                            "issuer": "Russian Federation (Federal Law 180-FZ)",
                                            "date": "23 Jun 2016",
                                            "url": "https://zakonrf.info/amp/doc-33613469",
                                        },
                                        {
                                            "source_id": "S78",
                                            "title": (
                                                "EAEU Registration Rules amended — ВТЛП categories (19 Dec "
                                                "2023)"
                                            ),
                                            "issuer": "ConsultantPlus; Promoboz",
                                            "date": "19 Dec 2023",
                                            "url": (
                                                "https://www.consultant.ru/document/cons_doc_LAW_457366/70e19fa1b5128e903ac58365584057ec1be358c5/"
                                            ),
                                        },
                                        {
                                            "source_id": "S79",
                                            "title": (
                                                "БРЭ: legal definition of gene-therapy medicines (61-FZ; EEC "
                                                "Decision 78)"
                                            ),
                                            "issuer": "Большая российская энциклопедия (БРЭ)",
                                            "date": "n.d.",
                                            "url": (
                                                "https://bigenc.ru/c/genoterapevticheskie-lekarstvennye-preparaty-legal-naia-definitsiia-ff19f3"
                                            ),
                                        },
                                        {
                                            "source_id": "S118",
                                            "title": (
                                                "Farmatsiya 2025 abstract on extemporaneous CAR-T in Russia"
                                            ),
                                            "issuer": "Farmatsiya",
                                            "date": "2025",
                                            "url": (
                                                "https://atoom.ru/en/articles/doi/https:++doi.org+10.1038+s41409-024-02504-y"
                                            ),
                                        },
                                    ],
                                },
                            ),
                        ],
                    },
                    {
                        "title": "Одобренные CAR-T-препараты",
                        "slug": "odobrennye-car-t-preparaty",
                        "summary": (
                            "Семь CAR-T-препаратов, одобренных FDA, их мишени и даты первого одобрения, а "
                            "также различия между препаратами, важные для производства."
                        ),
                        "body": [
                            ("heading", {"text": "Семь препаратов, две мишени", "level": "h2"}),
                            (
                                "paragraph",
                                (
                                    "<p>С 2017 по 2024 год FDA одобрило семь аутологичных CAR-T-препаратов. "
                                    "Пять из них направлены против CD19 и применяются при В-клеточных "
                                    "лейкозах и лимфомах, два — против BCMA и применяются при множественной "
                                    "миеломе. В таблице указано первое одобрение каждого препарата в США. "
                                    "Позднее ряд препаратов получил новые показания: например, Yescarta 1 "
                                    "апреля 2022 года была одобрена для второй линии терапии В-клеточной "
                                    "крупноклеточной лимфомы.</p>"
                                ),
                            ),
                            (
                                "table",
                                {
                                    "caption": (
                                        "CAR-T-препараты, одобренные FDA: первое одобрение (р/р — "
                                        "рецидивирующий или рефрактерный; ОЛЛ — острый лимфобластный лейкоз; "
                                        "ВККЛ — В-клеточная крупноклеточная лимфома)"
                                    ),
                                    "header": [
                                        "Препарат (МНН)",
                                        "Компания",
                                        "Мишень",
                                        "Первое одобрение FDA",
                                        "Первое показание",
                                    ],
                                    "rows": [
                                        [
                                            "Kymriah (tisagenlecleucel)",
                                            "Novartis",
                                            "CD19",
                                            "30 августа 2017 г.",
                                            (
                                                "ОЛЛ из В-клеток-предшественников, рефрактерный или во "
                                                "втором и последующих рецидивах, у пациентов до 25 лет"
                                            ),
                                        ],
                                        [
                                            "Yescarta (axicabtagene ciloleucel)",
                                            "Kite",
                                            "CD19",
                                            "18 октября 2017 г.",
                                            "р/р ВККЛ после двух и более линий терапии",
                                        ],
                                        [
                                            "Tecartus (brexucabtagene autoleucel)",
                                            "Kite",
                                            "CD19",
                                            "24 июля 2020 г.",
                                            "р/р лимфома из клеток мантии (ускоренное одобрение)",
                                        ],
                                        [
                                            "Breyanzi (lisocabtagene maraleucel)",
                                            "Juno/BMS",
                                            "CD19",
                                            "5 февраля 2021 г.",
                                            "р/р ВККЛ после двух и более линий системной терапии",
                                        ],
                                        [
                                            "Abecma (idecabtagene vicleucel)",
                                            "BMS/bluebird bio",
                                            "BCMA",
                                            "26 марта 2021 г.",
                                            "р/р множественная миелома после четырёх и более линий терапии",
                                        ],
                                        [
                                            "Carvykti (ciltacabtagene autoleucel)",
                                            "Janssen",
                                            "BCMA",
                                            "28 февраля 2022 г.",
                                            "р/р множественная миелома после четырёх и более линий терапии",
                                        ],
                                        [
                                            "Aucatzyl (obecabtagene autoleucel)",
                                            "Autolus",
                                            "CD19",
                                            "8 ноября 2024 г.",
                                            "р/р ОЛЛ из В-клеток-предшественников у взрослых",
                                        ],
                                    ],
                                },
                            ),
                            (
                                "paragraph",
                                (
                                    "<p>FDA назвало Kymriah первой генной терапией, доступной в США. В "
                                    "России этот препарат (торговое наименование «Кимрая») зарегистрирован "
                                    "Минздравом в 2023 году.</p>"
                                ),
                            ),
                            (
                                "heading",
                                {
                                    "text": "Чем препараты различаются с точки зрения производства",
                                    "level": "h2",
                                },
                            ),
                            (
                                "paragraph",
                                (
                                    "<p>Для пациента препараты могут казаться похожими, но у каждого из них "
                                    "свой технологический процесс. В таблице ниже сопоставлены конструкция "
                                    "CAR и процесс четырёх CD19-препаратов, описанных в одном обзоре.</p>"
                                ),
                            ),
                            (
                                "table",
                                {
                                    "caption": "Конструкция и процесс четырёх CD19-препаратов",
                                    "header": [
                                        "Препарат",
                                        "Костимулирующий домен",
                                        "Вектор",
                                        "Промотор",
                                        "Исходные клетки",
                                        "Активация",
                                    ],
                                    "rows": [
                                        [
                                            "Yescarta (axi-cel)",
                                            "CD28",
                                            "γ-ретровирусный",
                                            "MSCV",
                                            "мононуклеары периферической крови (PBMC)",
                                            "мешок с покрытием анти-CD3 + IL-2",
                                        ],
                                        [
                                            "Tecartus (brexu-cel)",
                                            "CD28",
                                            "γ-ретровирусный",
                                            "MSCV",
                                            "клетки, обогащённые по CD3",
                                            "мешок с покрытием анти-CD3/анти-CD28 + IL-2",
                                        ],
                                        [
                                            "Kymriah (tisa-cel)",
                                            "4-1BB",
                                            "лентивирусный",
                                            "EF1α",
                                            "клетки, обогащённые по CD3",
                                            "частицы с анти-CD3/CD28",
                                        ],
                                        [
                                            "Breyanzi (liso-cel)",
                                            "4-1BB",
                                            "лентивирусный",
                                            "EF1α",
                                            "раздельно CD4- и CD8-клетки",
                                            (
                                                "частицы с анти-CD3/CD28, CD4- и CD8-клетки активируются "
                                                "раздельно"
                                            ),
                                        ],
                                    ],
                                },
                            ),
                            (
                                "paragraph",
                                (
                                    "<p>Другие различия, важные для "
                                    "производства:</p><ul><li><strong>Вектор.</strong> Ide-cel (Abecma) "
                                    "также производят с использованием лентивирусного "
                                    "вектора.</li><li><strong>Исходный материал.</strong> Коммерческий "
                                    "tisa-cel производят из криоконсервированного материала лейкафереза, "
                                    "поэтому центр может проводить аферез, когда состояние пациента это "
                                    "позволяет, а логистика упрощается.</li><li><strong>Соотношение "
                                    "CD4:CD8.</strong> Liso-cel поставляется в виде отдельных флаконов с "
                                    "CD8- и CD4-компонентами и имеет заданный состав CD4:CD8; у axi-cel, "
                                    "brexu-cel и tisa-cel это соотношение зависит от "
                                    "пациента.</li><li><strong>Доза и форма выпуска.</strong> Abecma "
                                    "содержит 260–500 × 10⁶ CAR-позитивных жизнеспособных Т-клеток в одном "
                                    "или нескольких мешках.</li><li><strong>Введение.</strong> Aucatzyl "
                                    "вводят дробно — в 1-й и 10-й дни.</li></ul>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "note",
                                    "title": "Процесс принадлежит препарату",
                                    "text": (
                                        "<p>Вектор, реагенты для активации, способ отбора клеток и состав "
                                        "готовой лекарственной формы у каждого препарата свои. Параметры "
                                        "процесса и критерии приемлемости одного CAR-T-препарата нельзя "
                                        "просто перенести на другой.</p>"
                                    ),
                                },
                            ),
                            (
                                "references",
                                {
                                    "items": [
                                        {
                                            "source_id": "S11",
                                            "title": (
                                                "FDA approves tisagenlecleucel (30 Aug 2017); Reuters brief "
                                                "(tocilizumab)"
                                            ),
                                            "issuer": "ONS; Reuters",
                                            "date": "30 Aug 2017",
                                            "url": (
                                                "http://prod-www.ons.org/articles/fda-approves-tisagenlecleucel-b-cell-all-tocilizumab-cytokine-release-syndrome"
                                            ),
                                        },
                                        {
                                            "source_id": "S12",
                                            "title": "Yescarta approval 18 Oct 2017; openFDA NDC & label",
                                            "issuer": "ilsecare.com; openFDA",
                                            "date": "18 Oct 2017",
                                            "url": "https://ilsecare.com/car-t-cell.html",
                                        },
                                        {
                                            "source_id": "S13",
                                            "title": (
                                                "Tecartus: BioCentury 25 Jul 2020; Pharma Letter; Maestro "
                                                "(ALL 1 Oct 2021); openFDA"
                                            ),
                                            "issuer": "BioCentury; The Pharma Letter; Maestro; openFDA",
                                            "date": "25 Jul 2020",
                                            "url": "https://www.biocentury.com/article/305788",
                                        },
                                        {
                                            "source_id": "S14",
                                            "title": "Breyanzi approval 5 Feb 2021; FL 15 May 2024",
                                            "issuer": "Intellectual Property Pulse; Medphanut",
                                            "date": "5 Feb 2021",
                                            "url": (
                                                "https://www.intellectualpropertypulse.com/edition/daily-licensing-litigation-2021-02-21/"
                                            ),
                                        },
                                        {
                                            "source_id": "S15",
                                            "title": (
                                                "Drugs.com Abecma approval history (26 Mar 2021; REMS 4 "
                                                "weeks)"
                                            ),
                                            "issuer": "Drugs.com",
                                            "date": "26 Mar 2021",
                                            "url": "https://www.drugs.com/history/abecma.html",
                                        },
                                        {
                                            "source_id": "S16",
                                            "title": "FDA D.I.S.C.O. Carvykti (28 Feb 2022); Drugs.com",
                                            "issuer": "FDA; Drugs.com",
                                            "date": "28 Feb 2022",
                                            "url": (
                                                "https://fda.gov/drugs/resources-information-approved-drugs/fda-disco-burst-edition-fda-approval-carvykti-ciltacabtagene-autoleucel-treatment-adult-patients"
                                            ),
                                        },
                                        {
                                            "source_id": "S17",
                                            "title": (
                                                "AABB 12 Nov 2024; BioWorld; Big Molecule Watch (Aucatzyl 8 "
                                                "Nov 2024)"
                                            ),
                                            "issuer": "AABB; BioWorld; Big Molecule Watch",
                                            "date": "12 Nov 2024",
                                            "url": (
                                                "https://aabb.org/news-resources/news/article/2024/11/12/fda-approves-new-car-t-cell-therapy-for-all"
                                            ),
                                        },
                                        {
                                            "source_id": "S18",
                                            "title": (
                                                "J Transl Med 2023 (s12967-023-04372-4), Table 1 CD19 CAR "
                                                "architectures & processes"
                                            ),
                                            "issuer": "J Transl Med",
                                            "date": "2023",
                                            "url": (
                                                "https://translational-medicine.biomedcentral.com/articles/10.1186/s12967-023-04372-4/tables/1"
                                            ),
                                        },
                                        {
                                            "source_id": "S19",
                                            "title": "Abecma SmPC (copy)",
                                            "issuer": "patient-info.co.uk",
                                            "date": "n.d.",
                                            "url": (
                                                "https://patient-info.co.uk/abecma-70032/summary-of-medicine-characteristics"
                                            ),
                                        },
                                        {
                                            "source_id": "S22",
                                            "title": "Medscape Breyanzi monograph",
                                            "issuer": "Medscape",
                                            "date": "n.d.",
                                            "url": (
                                                "https://reference.medscape.com/drug/breyanzi-lisocabtagene-maraleucel-4000064"
                                            ),
                                        },
                                        {
                                            "source_id": "S25",
                                            "title": (
                                                "ASH 2021 abstract, commercial tisagenlecleucel "
                                                "manufacturing (Morris Plains) — retrieved without URL"
                                            ),
                                            "issuer": "ASH",
                                            "date": "2021",
                                            "url": "",
                                        },
                                        {
                                            "source_id": "S82",
                                            "title": (
                                                "Kymriah registered in Russia 2023; interview with M. "
                                                "Maschan (GxP News, Jun 2023)"
                                            ),
                                            "issuer": "VSHOUZ; GxP News",
                                            "date": "Jun 2023",
                                            "url": "https://vshouz.ru/news/minzdrav/wcs-18725",
                                        },
                                    ],
                                },
                            ),
                        ],
                    },
                ],
            },
            {
                "title": "От пациента к препарату",
                "slug": "ot-patsienta-k-preparatu",
                "summary": (
                    "Путь аутологичного CAR-T-препарата от афереза до инфузии, прослеживаемость и время «от "
                    "вены до вены»."
                ),
                "objectives": [
                    "Описать последовательность технологических операций от афереза до инфузии.",
                    "Объяснить, как цепочка идентичности и цепочка хранения и передачи защищают пациента.",
                ],
                "lessons": [
                    {
                        "title": "От афереза до инфузии",
                        "slug": "ot-afereza-do-infuzii",
                        # A procedure: confirming it is an electronic signature (21 CFR 11.50).
                        "sop": True,
                        "sop_reference": "СОП-ПР-004 ред. 3",
                        "summary": (
                            "Путь аутологичного CAR-T-препарата от афереза до инфузии, цепочка идентичности, "
                            "цепочка хранения и передачи и время «от вены до вены»."
                        ),
                        "body": [
                            ("heading", {"text": "Последовательность производства", "level": "h2"}),
                            (
                                "paragraph",
                                (
                                    "<p>Аутологичный CAR-T-препарат изготавливают из собственных Т-клеток "
                                    "пациента: их собирают методом лейкафереза, активируют, трансдуцируют, "
                                    "наращивают и через несколько дней или недель вводят обратно. "
                                    "Коммерческий процесс tisa-cel хорошо иллюстрирует весь "
                                    "путь:</p><ol><li><strong>Аферез.</strong> Лейкаферез даёт исходный "
                                    "материал. Если материал не соответствует критериям приемлемости "
                                    "производителя, препарат может оказаться невозможно "
                                    "поставить.</li><li><strong>Отбор и активация.</strong> Т-клетки "
                                    "обогащают и активируют; для tisa-cel используют частицы, покрытые "
                                    "антителами к CD3/CD28.</li><li><strong>Трансдукция.</strong> Ген "
                                    "анти-CD19 CAR переносит в клетки лентивирусный "
                                    "вектор.</li><li><strong>Экспансия.</strong> Клетки наращивают — всё "
                                    "чаще в закрытых автоматизированных системах, соответствующих "
                                    "GMP.</li><li><strong>Сбор и приготовление лекарственной формы.</strong> "
                                    "Клетки отмывают и ресуспендируют в среде для криоконсервации, "
                                    "содержащей ДМСО (в Abecma — 5 "
                                    "%).</li><li><strong>Криоконсервация.</strong> Препарат замораживают и "
                                    "хранят в паровой фазе жидкого азота, а не в самой "
                                    "жидкости.</li><li><strong>Выпуск серии.</strong> Результаты контроля "
                                    "качества сверяют со спецификацией; в ЕС каждую серию перед выпуском "
                                    "сертифицирует уполномоченное лицо.</li><li><strong>Отгрузка и "
                                    "инфузия.</strong> Документы сопровождают препарат: например, сертификат "
                                    "выпуска для инфузии Abecma находится в крышке сухого криотранспортёра. "
                                    "Перед инфузией пациент получает лимфодеплетирующую "
                                    "химиотерапию.</li></ol>"
                                ),
                            ),
                            (
                                "key_facts",
                                {
                                    "title": "Коротко",
                                    "facts": [
                                        (
                                            "Порядок операций: аферез, отбор и активация, трансдукция, "
                                            "экспансия, сбор и приготовление лекарственной формы, "
                                            "криоконсервация, выпуск серии, отгрузка, инфузия."
                                        ),
                                        (
                                            "На всех этапах цепочка идентичности связывает каждую серию с "
                                            "одним пациентом."
                                        ),
                                        (
                                            "Пример критериев выпуска (Kymriah, США, диффузная В-клеточная "
                                            "крупноклеточная лимфома): 0,6–6,0 × 10⁸ CAR-позитивных "
                                            "жизнеспособных Т-клеток при общей жизнеспособности не менее 80 "
                                            "%; серия, не отвечающая спецификации, считается OOS (вне "
                                            "спецификации)."
                                        ),
                                    ],
                                },
                            ),
                            (
                                "callout",
                                {
                                    "kind": "warning",
                                    "title": "Сначала подтвердите наличие препарата",
                                    "text": (
                                        "<p>Начинайте лимфодеплетирующую химиотерапию только после "
                                        "подтверждения наличия препарата — этого требует, например, "
                                        "инструкция по дозированию Breyanzi.</p>"
                                    ),
                                },
                            ),
                            (
                                "heading",
                                {"text": "Цепочка идентичности и цепочка хранения и передачи", "level": "h2"},
                            ),
                            (
                                "paragraph",
                                (
                                    "<p>Каждая серия предназначена одному человеку, и пациента защищают две "
                                    "записи. <strong>Цепочка идентичности</strong> (chain of identity, COI) "
                                    "— это запись, связанная с одним пациентом, включая медицинские данные "
                                    "до и после лечения. <strong>Цепочка хранения и передачи</strong> (chain "
                                    "of custody, COC) фиксирует каждую точку передачи препарата и контроля "
                                    "над ним — от исходного материала через все технологические операции до "
                                    "доставки. Без единых определений возникает риск, что пациент получит "
                                    "чужой препарат или что препарат вообще не удастся ввести.</p>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "gmp",
                                    "title": "Цепочка идентичности не должна прерываться",
                                    "text": (
                                        "<p>Сверяйте идентификаторы пациента при каждой передаче и на каждой "
                                        "этикетке. Стандарт ISBT 128 ST-028 вводит глобально уникальный "
                                        "идентификатор цепочки идентичности, который связывает все донации "
                                        "одного пациента (у каждой свой идентификационный номер донации, "
                                        "DIN) с одним эпизодом терапии. В России часть 2 статьи 36 "
                                        "Федерального закона № 180-ФЗ требует маркировать первичную и "
                                        "вторичную упаковку аутологичных и комбинированных БМКП с помощью "
                                        "радиочастотной идентификации (RFID), связывающей продукт с "
                                        "конкретным пациентом.</p>"
                                    ),
                                },
                            ),
                            ("heading", {"text": "Время «от вены до вены»", "level": "h2"}),
                            (
                                "glossary",
                                {
                                    "term": "Время «от вены до вены»",
                                    "definition": "Время от афереза до инфузии готового CAR-T-препарата.",
                                    "other_language": "vein-to-vein time",
                                },
                            ),
                            (
                                "paragraph",
                                (
                                    "<p>В метаанализе 40 исследований при рецидивирующей или рефрактерной "
                                    "В-клеточной крупноклеточной лимфоме медиана этого времени составила "
                                    "30,4 дня для axi-cel, 35,9 дня для liso-cel и 48,4 дня для tisa-cel. В "
                                    "исследованиях, проведённых только в США, она была короче, чем в "
                                    "исследованиях, проведённых только в Европе (для axi-cel — 27,0 против "
                                    "38,0 дня). В регистрационных исследованиях доля производственных неудач "
                                    "составляла от менее 1 % до примерно 8 %, однако терапию так и не "
                                    "получили 8–30 % пациентов — в основном из-за прогрессирования "
                                    "заболевания или осложнений во время ожидания.</p>"
                                ),
                            ),
                            (
                                "references",
                                {
                                    "items": [
                                        {
                                            "source_id": "S26",
                                            "title": (
                                                "Abou-el-Enein M et al., Blood Cancer Discov 2021;2:408–422"
                                            ),
                                            "issuer": "Blood Cancer Discov",
                                            "date": "2021",
                                            "url": "https://pmc.ncbi.nlm.nih.gov/articles/PMC8462122",
                                        },
                                        {
                                            "source_id": "S25",
                                            "title": (
                                                "ASH 2021 abstract, commercial tisagenlecleucel "
                                                "manufacturing (Morris Plains) — retrieved without URL"
                                            ),
                                            "issuer": "ASH",
                                            "date": "2021",
                                            "url": "",
                                        },
                                        {
                                            "source_id": "S24",
                                            "title": (
                                                "Blood 2019;134(Suppl 1):594 — OOS tisa-cel managed access"
                                            ),
                                            "issuer": "Blood",
                                            "date": "2019",
                                            "url": (
                                                "http://ashpublications.net/blood/article-split/134/Supplement_1/594/426350/Outcomes-in-Aggressive-B-Cell-Non-Hodgkin"
                                            ),
                                        },
                                        {
                                            "source_id": "S19",
                                            "title": "Abecma SmPC (copy)",
                                            "issuer": "patient-info.co.uk",
                                            "date": "n.d.",
                                            "url": (
                                                "https://patient-info.co.uk/abecma-70032/summary-of-medicine-characteristics"
                                            ),
                                        },
                                        {
                                            "source_id": "S96",
                                            "title": (
                                                "PDA J Pharm Sci Technol — risk table for cell-therapy input "
                                                "materials"
                                            ),
                                            "issuer": "PDA J Pharm Sci Technol",
                                            "date": "n.d.",
                                            "url": "https://journal.pda.org/",
                                        },
                                        {
                                            "source_id": "S104",
                                            "title": "QbD Group — QP challenges in ATMPs",
                                            "issuer": "QbD Group",
                                            "date": "n.d.",
                                            "url": "https://qbdgroup.com/en/blog/qp-challenges-in-atmps",
                                        },
                                        {
                                            "source_id": "S22",
                                            "title": "Medscape Breyanzi monograph",
                                            "issuer": "Medscape",
                                            "date": "n.d.",
                                            "url": (
                                                "https://reference.medscape.com/drug/breyanzi-lisocabtagene-maraleucel-4000064"
                                            ),
                                        },
                                        {
                                            "source_id": "S64",
                                            "title": "Standards Coordinating Body — COC/COI project",
                                            "issuer": "Standards Coordinating Body",
                                            "date": "n.d.",
                                            "url": (
                                                "http://www.standardscoordinatingbody.org/project-chain-custody-identity"
                                            ),
                                        },
                                        {
                                            "source_id": "S65",
                                            "title": (
                                                "ICCBBA ISBT 128 ST-028 CoI Identifier; IG-050 (Dec 2023)"
                                            ),
                                            "issuer": "ICCBBA",
                                            "date": "Dec 2023",
                                            "url": (
                                                "https://www.isbt128.org/post/st-028-open-for-public-comment"
                                            ),
                                        },
                                        {
                                            "source_id": "S66",
                                            "title": (
                                                "180-FZ text (zakonrf ToC; geostart Art. 36; translated "
                                                "copies of Arts. 1–3); Ivanov & Chabanenko 2017 (effective "
                                                "dates)"
                                            ),
                                            "issuer": "Russian Federation (Federal Law 180-FZ)",
                                            "date": "23 Jun 2016",
                                            "url": "https://zakonrf.info/amp/doc-33613469",
                                        },
                                        {
                                            "source_id": "S30",
                                            "title": "V2V meta-analysis (EHA 2023 abstract, PMC10431072)",
                                            "issuer": "EHA",
                                            "date": "2023",
                                            "url": "https://pmc.ncbi.nlm.nih.gov/articles/PMC10431072",
                                        },
                                        {
                                            "source_id": "S31",
                                            "title": (
                                                "Front Immunol 2021;12:718621, Table 2 manufacturing failure"
                                            ),
                                            "issuer": "Front Immunol",
                                            "date": "2021",
                                            "url": (
                                                "https://pmc.ncbi.nlm.nih.gov/articles/PMC8427697/table/T2"
                                            ),
                                        },
                                    ],
                                },
                            ),
                        ],
                    },
                ],
            },
        ],
    },
    "en": {
        "title": "Introduction to CAR-T cell therapy",
        "slug": "introduction-to-car-t",
        "seo_description": (
            "Introductory course: what a CAR-T product is, which CAR-T products are approved and how an "
            "autologous product is made, from apheresis to infusion."
        ),
        "summary": (
            "An introductory course for everyone involved in making CAR-T cell therapies. It explains how a "
            "CAR-T cell recognises its target, how regulators classify CAR-T products and how the approved "
            "products differ. It then follows an autologous product from apheresis to infusion, with a focus "
            "on chain of identity."
        ),
        "objectives": [
            "Explain how a chimeric antigen receptor lets a T cell recognise its target antigen.",
            "Classify a CAR-T product in US, EU, Russian and EAEU regulatory terms.",
            "Name the FDA-approved CAR-T products with their target antigens and first approval dates.",
            (
                "Describe the manufacturing steps from apheresis to infusion and the roles of chain of "
                "identity and chain of custody."
            ),
        ],
        "prerequisites": ["Basic cell biology and immunology", "General awareness of GMP principles"],
        "modules": [
            {
                "title": "What a CAR-T product is",
                "slug": "what-a-car-t-product-is",
                "summary": (
                    "The CAR construct, the regulatory status of CAR-T products in different jurisdictions "
                    "and the products approved to date."
                ),
                "objectives": [
                    "Explain how a CAR is built and how it triggers T-cell activation.",
                    (
                        "Compare the approved CAR-T products by design and by the process features that "
                        "matter to manufacturing."
                    ),
                ],
                "lessons": [
                    {
                        "title": "The CAR construct and the regulatory definition",
                        "slug": "car-construct-and-regulatory-definition",
                        "summary": (
                            "How a chimeric antigen receptor is built and how a CAR-T cell recognises its "
                            "target. How regulators in the USA, the EU, Russia and the EAEU classify CAR-T "
                            "products."
                        ),
                        "body": [
                            ("heading", {"text": "From a T cell to a CAR-T cell", "level": "h2"}),
                            (
                                "paragraph",
                                (
                                    "<p>T cells are lymphocytes, a type of white blood cell. In CAR-T "
                                    "therapy the patient’s own T cells are collected, given a new gene "
                                    "outside the body and returned to the patient. The gene encodes a "
                                    "<strong>chimeric antigen receptor</strong> (CAR), a synthetic receptor "
                                    "that redirects the T cell to a chosen antigen on the surface of the "
                                    "cells to be destroyed.</p>"
                                ),
                            ),
                            ("heading", {"text": "How the construct is built", "level": "h3"}),
                            (
                                "paragraph",
                                (
                                    "<p>A CAR joins parts of different molecules in one protein "
                                    "chain:</p><ul><li><strong>Antigen-binding domain</strong> on the "
                                    "outside of the cell, usually a single-chain variable fragment of an "
                                    "antibody (scFv). The CD19-directed tisa-cel, axi-cel, brexu-cel and "
                                    "liso-cel all use the same anti-CD19 scFv, FMC63.</li><li><strong>Hinge "
                                    "and transmembrane region</strong>, which anchor the receptor in the "
                                    "membrane.</li><li><strong>Signalling domains</strong> inside the cell: "
                                    "the CD3ζ activation domain plus a costimulatory domain, either CD28 "
                                    "(axi-cel, brexu-cel) or 4-1BB (tisa-cel, liso-cel).</li></ul>"
                                ),
                            ),
                            (
                                "paragraph",
                                (
                                    "<p>When the scFv binds its antigen on a target cell (CD19 on B cells or "
                                    "BCMA on myeloma cells in the approved products), the signalling domains "
                                    "switch the T cell on: it kills the target and multiplies. The "
                                    "costimulatory domain, the vector and the promoter that drives CAR "
                                    "expression are among the design choices that set products apart.</p>"
                                ),
                            ),
                            (
                                "key_facts",
                                {
                                    "title": "Key points",
                                    "facts": [
                                        (
                                            "All approved CAR-T products are autologous, made from the "
                                            "patient’s own cells."
                                        ),
                                        "All of them use integrating viral vectors to deliver the CAR gene.",
                                        "FDA regulates CAR T cells as human gene therapy products.",
                                    ],
                                },
                            ),
                            ("heading", {"text": "How regulators define a CAR-T product", "level": "h2"}),
                            (
                                "paragraph",
                                (
                                    "<p><strong>USA.</strong> For FDA, CAR T cell products are human gene "
                                    "therapy products: the specificity of the T cells is changed genetically "
                                    "so that they recognise a chosen target antigen. FDA’s final guidance of "
                                    "January 2024 covers CMC, pharmacology and toxicology, and clinical "
                                    "design for autologous and allogeneic products.</p>"
                                ),
                            ),
                            (
                                "paragraph",
                                (
                                    "<p><strong>European Union.</strong> CAR-T products are advanced therapy "
                                    "medicinal products (ATMPs). GMP for ATMPs is set out in a stand-alone "
                                    "document, Part IV of EudraLex Volume 4, adopted by the European "
                                    "Commission on 22 November 2017.</p>"
                                ),
                            ),
                            (
                                "paragraph",
                                (
                                    "<p><strong>Russia and the EAEU.</strong> Federal Law 61-FZ defines "
                                    "gene-therapy medicinal products as medicines whose active substance is, "
                                    "or contains, a recombinant nucleic acid able to regulate, repair, "
                                    "replace, add or delete a genetic sequence; the EAEU definition is in "
                                    "the Registration Rules (EEC Council Decision No. 78 of 3 November "
                                    "2016). Amendments to these rules, reported on 19 December 2023, class "
                                    "gene-therapy, somatic-cell and tissue-engineered medicines as high-tech "
                                    "medicinal products (ВТЛП). Federal Law 180-FZ, in turn, regulates "
                                    "biomedical cell products (БМКП). In practice a Russian CAR-T product is "
                                    "made either as a ВТЛП, which must be registered, or as an individual "
                                    "БМКП authorised by the Ministry of Health and used only in the medical "
                                    "organisation that made it.</p>"
                                ),
                            ),
                            (
                                "glossary",
                                {
                                    "term": "ATMP",
                                    "definition": (
                                        "Advanced therapy medicinal product: the EU class of medicines to "
                                        "which CAR-T products belong. Its closest EAEU counterpart is the "
                                        "ВТЛП category."
                                    ),
                                    "other_language": "ВТЛП",
                                },
                            ),
                            (
                                "glossary",
                                {
                                    "term": "BMCP (biomedical cell product)",
                                    "definition": (
                                        "Under Russian Federal Law 180-FZ, a combination of one or more cell "
                                        "lines with excipients, optionally together with registered "
                                        "medicines or medical devices."
                                    ),
                                    "other_language": "БМКП",
                                },
                            ),
                            (
                                "callout",
                                {
                                    "kind": "note",
                                    "title": "Why this matters on the shop floor",
                                    "text": (
                                        "<p>The regulatory status decides which GMP rules, licences and "
                                        "release steps apply. Whatever the route, every CAR-T batch is a "
                                        "living, genetically modified medicine made for one named "
                                        "patient.</p>"
                                    ),
                                },
                            ),
                            (
                                "references",
                                {
                                    "items": [
                                        {
                                            "source_id": "S1",
                                            "title": (
                                                "Considerations for the Development of CAR T Cell Products, "
                                                "final guidance, docket FDA-2021-D-0404"
                                            ),
                                            "issuer": "FDA",
                                            "date": "Jan 2024",
                                            "url": (
                                                "https://www.fda.gov/regulatory-information/search-fda-guidance-documents/considerations-development-chimeric-antigen-receptor-car-t-cell-products"
                                            ),
                                        },
                                        {
                                            "source_id": "S18",
                                            "title": (
                                                "J Transl Med 2023 (s12967-023-04372-4), Table 1 CD19 CAR "
                                                "architectures & processes"
                                            ),
                                            "issuer": "J Transl Med",
                                            "date": "2023",
                                            "url": (
                                                "https://translational-medicine.biomedcentral.com/articles/10.1186/s12967-023-04372-4/tables/1"
                                            ),
                                        },
                                        {
                                            "source_id": "S29",
                                            "title": (
                                                "Non-viral CAR-T: J Immunol Res 2021 Table 1; piggyBac GMP "
                                                "platform PMC8482285; IJMS 2024;25:13685"
                                            ),
                                            "issuer": "J Immunol Res; IJMS",
                                            "date": "2021; 2024",
                                            "url": "https://www.hindawi.com/journals/jir/2021/6644685/tab1",
                                        },
                                        {
                                            "source_id": "S39",
                                            "title": (
                                                "EudraLex Vol 4 Part IV (copy of text; dates, scope, ToC); "
                                                "certifico; telugugmp"
                                            ),
                                            "issuer": "European Commission",
                                            "date": "22 Nov 2017",
                                            "url": (
                                                "https://it.scribd.com/document/390272970/2017-11-22-Guidelines-Gmp-for-Atmps"
                                            ),
                                        },
                                        {
                                            "source_id": "S66",
                                            "title": (
                                                "180-FZ text (zakonrf ToC; geostart Art. 36; translated "
                                                "copies of Arts. 1–3); Ivanov & Chabanenko 2017 (effective "
                                                "dates)"
                                            ),
                                            "issuer": "Russian Federation (Federal Law 180-FZ)",
                                            "date": "23 Jun 2016",
                                            "url": "https://zakonrf.info/amp/doc-33613469",
                                        },
                                        {
                                            "source_id": "S78",
                                            "title": (
                                                "EAEU Registration Rules amended — ВТЛП categories (19 Dec "
                                                "2023)"
                                            ),
                                            "issuer": "ConsultantPlus; Promoboz",
                                            "date": "19 Dec 2023",
                                            "url": (
                                                "https://www.consultant.ru/document/cons_doc_LAW_457366/70e19fa1b5128e903ac58365584057ec1be358c5/"
                                            ),
                                        },
                                        {
                                            "source_id": "S79",
                                            "title": (
                                                "БРЭ: legal definition of gene-therapy medicines (61-FZ; EEC "
                                                "Decision 78)"
                                            ),
                                            "issuer": "Большая российская энциклопедия (БРЭ)",
                                            "date": "n.d.",
                                            "url": (
                                                "https://bigenc.ru/c/genoterapevticheskie-lekarstvennye-preparaty-legal-naia-definitsiia-ff19f3"
                                            ),
                                        },
                                        {
                                            "source_id": "S118",
                                            "title": (
                                                "Farmatsiya 2025 abstract on extemporaneous CAR-T in Russia"
                                            ),
                                            "issuer": "Farmatsiya",
                                            "date": "2025",
                                            "url": (
                                                "https://atoom.ru/en/articles/doi/https:++doi.org+10.1038+s41409-024-02504-y"
                                            ),
                                        },
                                    ],
                                },
                            ),
                        ],
                    },
                    {
                        "title": "Approved CAR-T products",
                        "slug": "approved-car-t-products",
                        "summary": (
                            "The seven CAR-T products approved by FDA, their targets and first approval "
                            "dates, and the product differences that matter to manufacturing."
                        ),
                        "body": [
                            ("heading", {"text": "Seven products, two targets", "level": "h2"}),
                            (
                                "paragraph",
                                (
                                    "<p>Between 2017 and 2024 FDA approved seven autologous CAR-T products. "
                                    "Five are directed against CD19 and are used in B-cell leukaemia and "
                                    "lymphoma; two are directed against BCMA and are used in multiple "
                                    "myeloma. The table shows each product’s first US approval. Several have "
                                    "since gained new indications: Yescarta, for example, was approved for "
                                    "second-line large B-cell lymphoma on 1 April 2022.</p>"
                                ),
                            ),
                            (
                                "table",
                                {
                                    "caption": (
                                        "FDA-approved CAR-T products: first approval (r/r = relapsed or "
                                        "refractory; ALL = acute lymphoblastic leukaemia; LBCL = large "
                                        "B-cell lymphoma)"
                                    ),
                                    "header": [
                                        "Product (INN)",
                                        "Company",
                                        "Target",
                                        "First FDA approval",
                                        "First indication",
                                    ],
                                    "rows": [
                                        [
                                            "Kymriah (tisagenlecleucel)",
                                            "Novartis",
                                            "CD19",
                                            "30 Aug 2017",
                                            (
                                                "B-cell precursor ALL, refractory or in second or later "
                                                "relapse, patients up to 25 years"
                                            ),
                                        ],
                                        [
                                            "Yescarta (axicabtagene ciloleucel)",
                                            "Kite",
                                            "CD19",
                                            "18 Oct 2017",
                                            "r/r LBCL after two or more lines of therapy",
                                        ],
                                        [
                                            "Tecartus (brexucabtagene autoleucel)",
                                            "Kite",
                                            "CD19",
                                            "24 Jul 2020",
                                            "r/r mantle cell lymphoma (accelerated approval)",
                                        ],
                                        [
                                            "Breyanzi (lisocabtagene maraleucel)",
                                            "Juno/BMS",
                                            "CD19",
                                            "5 Feb 2021",
                                            "r/r LBCL after two or more systemic lines",
                                        ],
                                        [
                                            "Abecma (idecabtagene vicleucel)",
                                            "BMS/bluebird bio",
                                            "BCMA",
                                            "26 Mar 2021",
                                            "r/r multiple myeloma after four or more prior lines",
                                        ],
                                        [
                                            "Carvykti (ciltacabtagene autoleucel)",
                                            "Janssen",
                                            "BCMA",
                                            "28 Feb 2022",
                                            "r/r multiple myeloma after four or more prior lines",
                                        ],
                                        [
                                            "Aucatzyl (obecabtagene autoleucel)",
                                            "Autolus",
                                            "CD19",
                                            "8 Nov 2024",
                                            "r/r B-cell precursor ALL in adults",
                                        ],
                                    ],
                                },
                            ),
                            (
                                "paragraph",
                                (
                                    "<p>FDA described Kymriah as the first gene therapy available in the "
                                    "USA. In Russia the same product (trade name «Кимрая») was registered by "
                                    "the Ministry of Health in 2023.</p>"
                                ),
                            ),
                            (
                                "heading",
                                {"text": "What differs from a manufacturing point of view", "level": "h2"},
                            ),
                            (
                                "paragraph",
                                (
                                    "<p>To a patient the products may look alike, but each one has its own "
                                    "process. The table below compares the CAR design and process of the "
                                    "four CD19 products described in one review.</p>"
                                ),
                            ),
                            (
                                "table",
                                {
                                    "caption": "Design and process of four CD19 products",
                                    "header": [
                                        "Product",
                                        "Costimulatory domain",
                                        "Vector",
                                        "Promoter",
                                        "Starting cells",
                                        "Activation",
                                    ],
                                    "rows": [
                                        [
                                            "Yescarta (axi-cel)",
                                            "CD28",
                                            "γ-retroviral",
                                            "MSCV",
                                            "PBMC",
                                            "anti-CD3-coated bag + IL-2",
                                        ],
                                        [
                                            "Tecartus (brexu-cel)",
                                            "CD28",
                                            "γ-retroviral",
                                            "MSCV",
                                            "CD3-enriched cells",
                                            "anti-CD3/anti-CD28-coated bag + IL-2",
                                        ],
                                        [
                                            "Kymriah (tisa-cel)",
                                            "4-1BB",
                                            "lentiviral",
                                            "EF1α",
                                            "CD3-enriched cells",
                                            "anti-CD3/CD28 beads",
                                        ],
                                        [
                                            "Breyanzi (liso-cel)",
                                            "4-1BB",
                                            "lentiviral",
                                            "EF1α",
                                            "CD4 and CD8 cells, separated",
                                            "anti-CD3/CD28 beads, CD4 and CD8 activated separately",
                                        ],
                                    ],
                                },
                            ),
                            (
                                "paragraph",
                                (
                                    "<p>Other differences that matter in "
                                    "production:</p><ul><li><strong>Vector.</strong> Ide-cel (Abecma) is "
                                    "also made with a lentiviral vector.</li><li><strong>Starting "
                                    "material.</strong> Commercial tisa-cel is made from cryopreserved "
                                    "leukapheresis material, so the site can collect cells when the patient "
                                    "is fit, and logistics are simpler.</li><li><strong>CD4:CD8 "
                                    "composition.</strong> Liso-cel is supplied as separate CD8 and CD4 "
                                    "component vials with a defined CD4:CD8 composition; in axi-cel, "
                                    "brexu-cel and tisa-cel the ratio depends on the "
                                    "patient.</li><li><strong>Dose and presentation.</strong> Abecma "
                                    "contains 260–500 × 10⁶ CAR-positive viable T cells in one or more "
                                    "bags.</li><li><strong>Administration.</strong> Aucatzyl is given as a "
                                    "split dose on Day 1 and Day 10.</li></ul>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "note",
                                    "title": "The process belongs to the product",
                                    "text": (
                                        "<p>Vector, activation reagents, cell selection and final "
                                        "formulation are specific to each product. Process parameters and "
                                        "acceptance criteria of one CAR-T product cannot simply be carried "
                                        "over to another.</p>"
                                    ),
                                },
                            ),
                            (
                                "references",
                                {
                                    "items": [
                                        {
                                            "source_id": "S11",
                                            "title": (
                                                "FDA approves tisagenlecleucel (30 Aug 2017); Reuters brief "
                                                "(tocilizumab)"
                                            ),
                                            "issuer": "ONS; Reuters",
                                            "date": "30 Aug 2017",
                                            "url": (
                                                "http://prod-www.ons.org/articles/fda-approves-tisagenlecleucel-b-cell-all-tocilizumab-cytokine-release-syndrome"
                                            ),
                                        },
                                        {
                                            "source_id": "S12",
                                            "title": "Yescarta approval 18 Oct 2017; openFDA NDC & label",
                                            "issuer": "ilsecare.com; openFDA",
                                            "date": "18 Oct 2017",
                                            "url": "https://ilsecare.com/car-t-cell.html",
                                        },
                                        {
                                            "source_id": "S13",
                                            "title": (
                                                "Tecartus: BioCentury 25 Jul 2020; Pharma Letter; Maestro "
                                                "(ALL 1 Oct 2021); openFDA"
                                            ),
                                            "issuer": "BioCentury; The Pharma Letter; Maestro; openFDA",
                                            "date": "25 Jul 2020",
                                            "url": "https://www.biocentury.com/article/305788",
                                        },
                                        {
                                            "source_id": "S14",
                                            "title": "Breyanzi approval 5 Feb 2021; FL 15 May 2024",
                                            "issuer": "Intellectual Property Pulse; Medphanut",
                                            "date": "5 Feb 2021",
                                            "url": (
                                                "https://www.intellectualpropertypulse.com/edition/daily-licensing-litigation-2021-02-21/"
                                            ),
                                        },
                                        {
                                            "source_id": "S15",
                                            "title": (
                                                "Drugs.com Abecma approval history (26 Mar 2021; REMS 4 "
                                                "weeks)"
                                            ),
                                            "issuer": "Drugs.com",
                                            "date": "26 Mar 2021",
                                            "url": "https://www.drugs.com/history/abecma.html",
                                        },
                                        {
                                            "source_id": "S16",
                                            "title": "FDA D.I.S.C.O. Carvykti (28 Feb 2022); Drugs.com",
                                            "issuer": "FDA; Drugs.com",
                                            "date": "28 Feb 2022",
                                            "url": (
                                                "https://fda.gov/drugs/resources-information-approved-drugs/fda-disco-burst-edition-fda-approval-carvykti-ciltacabtagene-autoleucel-treatment-adult-patients"
                                            ),
                                        },
                                        {
                                            "source_id": "S17",
                                            "title": (
                                                "AABB 12 Nov 2024; BioWorld; Big Molecule Watch (Aucatzyl 8 "
                                                "Nov 2024)"
                                            ),
                                            "issuer": "AABB; BioWorld; Big Molecule Watch",
                                            "date": "12 Nov 2024",
                                            "url": (
                                                "https://aabb.org/news-resources/news/article/2024/11/12/fda-approves-new-car-t-cell-therapy-for-all"
                                            ),
                                        },
                                        {
                                            "source_id": "S18",
                                            "title": (
                                                "J Transl Med 2023 (s12967-023-04372-4), Table 1 CD19 CAR "
                                                "architectures & processes"
                                            ),
                                            "issuer": "J Transl Med",
                                            "date": "2023",
                                            "url": (
                                                "https://translational-medicine.biomedcentral.com/articles/10.1186/s12967-023-04372-4/tables/1"
                                            ),
                                        },
                                        {
                                            "source_id": "S19",
                                            "title": "Abecma SmPC (copy)",
                                            "issuer": "patient-info.co.uk",
                                            "date": "n.d.",
                                            "url": (
                                                "https://patient-info.co.uk/abecma-70032/summary-of-medicine-characteristics"
                                            ),
                                        },
                                        {
                                            "source_id": "S22",
                                            "title": "Medscape Breyanzi monograph",
                                            "issuer": "Medscape",
                                            "date": "n.d.",
                                            "url": (
                                                "https://reference.medscape.com/drug/breyanzi-lisocabtagene-maraleucel-4000064"
                                            ),
                                        },
                                        {
                                            "source_id": "S25",
                                            "title": (
                                                "ASH 2021 abstract, commercial tisagenlecleucel "
                                                "manufacturing (Morris Plains) — retrieved without URL"
                                            ),
                                            "issuer": "ASH",
                                            "date": "2021",
                                            "url": "",
                                        },
                                        {
                                            "source_id": "S82",
                                            "title": (
                                                "Kymriah registered in Russia 2023; interview with M. "
                                                "Maschan (GxP News, Jun 2023)"
                                            ),
                                            "issuer": "VSHOUZ; GxP News",
                                            "date": "Jun 2023",
                                            "url": "https://vshouz.ru/news/minzdrav/wcs-18725",
                                        },
                                    ],
                                },
                            ),
                        ],
                    },
                ],
            },
            {
                "title": "From patient to product",
                "slug": "from-patient-to-product",
                "summary": (
                    "The path of an autologous CAR-T product from apheresis to infusion, traceability and "
                    "vein-to-vein time."
                ),
                "objectives": [
                    "Describe the sequence of unit operations from apheresis to infusion.",
                    "Explain how chain of identity and chain of custody protect the patient.",
                ],
                "lessons": [
                    {
                        "title": "From apheresis to infusion",
                        "slug": "from-apheresis-to-infusion",
                        "sop": True,
                        "sop_reference": "SOP-PR-004 rev. 3",
                        "summary": (
                            "The path of an autologous CAR-T product from apheresis to infusion, chain of "
                            "identity and chain of custody, and vein-to-vein time."
                        ),
                        "body": [
                            ("heading", {"text": "The manufacturing sequence", "level": "h2"}),
                            (
                                "paragraph",
                                (
                                    "<p>An autologous CAR-T product is made from the patient’s own T cells: "
                                    "they are collected by leukapheresis, activated, transduced, expanded "
                                    "and given back days to weeks later. The commercial tisa-cel process "
                                    "illustrates the whole sequence:</p><ol><li><strong>Apheresis.</strong> "
                                    "Leukapheresis provides the starting material. Material that fails the "
                                    "manufacturer’s acceptance specifications can prevent supply of the "
                                    "product.</li><li><strong>Selection and activation.</strong> T cells are "
                                    "enriched and activated; for tisa-cel, with beads coated with "
                                    "anti-CD3/CD28 antibodies.</li><li><strong>Transduction.</strong> A "
                                    "lentiviral vector carries the anti-CD19 CAR gene into the "
                                    "cells.</li><li><strong>Expansion.</strong> The cells multiply, "
                                    "increasingly in closed, automated GMP systems.</li><li><strong>Harvest "
                                    "and formulation.</strong> The cells are washed and formulated in a "
                                    "cryopreservation medium containing DMSO (5 % in "
                                    "Abecma).</li><li><strong>Cryopreservation.</strong> The product is "
                                    "frozen and stored in the vapour phase of liquid nitrogen, not in the "
                                    "liquid.</li><li><strong>Batch release.</strong> QC results are checked "
                                    "against the specification; in the EU a qualified person certifies each "
                                    "batch before release.</li><li><strong>Shipment and infusion.</strong> "
                                    "Documents travel with the product: the Abecma Release for Infusion "
                                    "Certificate, for example, is inside the lid of the dry vapour shipper. "
                                    "The patient receives lymphodepleting chemotherapy before the "
                                    "infusion.</li></ol>"
                                ),
                            ),
                            (
                                "key_facts",
                                {
                                    "title": "In short",
                                    "facts": [
                                        (
                                            "Order of steps: apheresis, selection and activation, "
                                            "transduction, expansion, harvest and formulation, "
                                            "cryopreservation, batch release, shipment, infusion."
                                        ),
                                        "At every step, chain of identity ties each batch to one patient.",
                                        (
                                            "Release example (Kymriah, US, diffuse large B-cell lymphoma): "
                                            "0.6–6.0 × 10⁸ CAR-positive viable T cells and total viability "
                                            "of at least 80 %; a lot that fails is out of specification "
                                            "(OOS)."
                                        ),
                                    ],
                                },
                            ),
                            (
                                "callout",
                                {
                                    "kind": "warning",
                                    "title": "Confirm the product before chemotherapy",
                                    "text": (
                                        "<p>Start lymphodepleting chemotherapy only once product "
                                        "availability is confirmed, as the Breyanzi dosing instructions "
                                        "require.</p>"
                                    ),
                                },
                            ),
                            ("heading", {"text": "Chain of identity and chain of custody", "level": "h2"}),
                            (
                                "paragraph",
                                (
                                    "<p>Every batch belongs to one person, and two records protect the "
                                    "patient. <strong>Chain of identity</strong> (COI) is the record linked "
                                    "to a single patient, including health records before and after "
                                    "treatment. <strong>Chain of custody</strong> (COC) records every point "
                                    "at which the product is transferred or controlled, from starting "
                                    "material through processing to delivery. Without shared definitions, a "
                                    "patient may receive the wrong product or a product may not be given at "
                                    "all.</p>"
                                ),
                            ),
                            (
                                "callout",
                                {
                                    "kind": "gmp",
                                    "title": "Never break the chain of identity",
                                    "text": (
                                        "<p>Check the patient identifiers at every hand-over and on every "
                                        "label. The ISBT 128 standard ST-028 defines a globally unique Chain "
                                        "of Identity Identifier that links all of a patient’s donations, "
                                        "each with its own donation identification number (DIN), to one "
                                        "therapy event. In Russia, Article 36(2) of Federal Law 180-FZ "
                                        "requires the primary and secondary packaging of autologous and "
                                        "combined biomedical cell products to carry radio-frequency "
                                        "identification (RFID) that links the product to the specific "
                                        "patient.</p>"
                                    ),
                                },
                            ),
                            ("heading", {"text": "Vein-to-vein time", "level": "h2"}),
                            (
                                "glossary",
                                {
                                    "term": "Vein-to-vein time",
                                    "definition": (
                                        "The time from apheresis to infusion of the finished CAR-T product."
                                    ),
                                    "other_language": "время «от вены до вены»",
                                },
                            ),
                            (
                                "paragraph",
                                (
                                    "<p>In a meta-analysis of 40 studies in relapsed or refractory large "
                                    "B-cell lymphoma median vein-to-vein time was 30.4 days for axi-cel, "
                                    "35.9 days for liso-cel and 48.4 days for tisa-cel. It was shorter in "
                                    "US-only than in Europe-only studies (axi-cel 27.0 vs 38.0 days). In "
                                    "pivotal trials the manufacturing failure rate ranged from under 1 % to "
                                    "about 8 %, yet 8–30 % of patients never received therapy, mostly "
                                    "because of disease progression or complications during the wait.</p>"
                                ),
                            ),
                            (
                                "references",
                                {
                                    "items": [
                                        {
                                            "source_id": "S26",
                                            "title": (
                                                "Abou-el-Enein M et al., Blood Cancer Discov 2021;2:408–422"
                                            ),
                                            "issuer": "Blood Cancer Discov",
                                            "date": "2021",
                                            "url": "https://pmc.ncbi.nlm.nih.gov/articles/PMC8462122",
                                        },
                                        {
                                            "source_id": "S25",
                                            "title": (
                                                "ASH 2021 abstract, commercial tisagenlecleucel "
                                                "manufacturing (Morris Plains) — retrieved without URL"
                                            ),
                                            "issuer": "ASH",
                                            "date": "2021",
                                            "url": "",
                                        },
                                        {
                                            "source_id": "S24",
                                            "title": (
                                                "Blood 2019;134(Suppl 1):594 — OOS tisa-cel managed access"
                                            ),
                                            "issuer": "Blood",
                                            "date": "2019",
                                            "url": (
                                                "http://ashpublications.net/blood/article-split/134/Supplement_1/594/426350/Outcomes-in-Aggressive-B-Cell-Non-Hodgkin"
                                            ),
                                        },
                                        {
                                            "source_id": "S19",
                                            "title": "Abecma SmPC (copy)",
                                            "issuer": "patient-info.co.uk",
                                            "date": "n.d.",
                                            "url": (
                                                "https://patient-info.co.uk/abecma-70032/summary-of-medicine-characteristics"
                                            ),
                                        },
                                        {
                                            "source_id": "S96",
                                            "title": (
                                                "PDA J Pharm Sci Technol — risk table for cell-therapy input "
                                                "materials"
                                            ),
                                            "issuer": "PDA J Pharm Sci Technol",
                                            "date": "n.d.",
                                            "url": "https://journal.pda.org/",
                                        },
                                        {
                                            "source_id": "S104",
                                            "title": "QbD Group — QP challenges in ATMPs",
                                            "issuer": "QbD Group",
                                            "date": "n.d.",
                                            "url": "https://qbdgroup.com/en/blog/qp-challenges-in-atmps",
                                        },
                                        {
                                            "source_id": "S22",
                                            "title": "Medscape Breyanzi monograph",
                                            "issuer": "Medscape",
                                            "date": "n.d.",
                                            "url": (
                                                "https://reference.medscape.com/drug/breyanzi-lisocabtagene-maraleucel-4000064"
                                            ),
                                        },
                                        {
                                            "source_id": "S64",
                                            "title": "Standards Coordinating Body — COC/COI project",
                                            "issuer": "Standards Coordinating Body",
                                            "date": "n.d.",
                                            "url": (
                                                "http://www.standardscoordinatingbody.org/project-chain-custody-identity"
                                            ),
                                        },
                                        {
                                            "source_id": "S65",
                                            "title": (
                                                "ICCBBA ISBT 128 ST-028 CoI Identifier; IG-050 (Dec 2023)"
                                            ),
                                            "issuer": "ICCBBA",
                                            "date": "Dec 2023",
                                            "url": (
                                                "https://www.isbt128.org/post/st-028-open-for-public-comment"
                                            ),
                                        },
                                        {
                                            "source_id": "S66",
                                            "title": (
                                                "180-FZ text (zakonrf ToC; geostart Art. 36; translated "
                                                "copies of Arts. 1–3); Ivanov & Chabanenko 2017 (effective "
                                                "dates)"
                                            ),
                                            "issuer": "Russian Federation (Federal Law 180-FZ)",
                                            "date": "23 Jun 2016",
                                            "url": "https://zakonrf.info/amp/doc-33613469",
                                        },
                                        {
                                            "source_id": "S30",
                                            "title": "V2V meta-analysis (EHA 2023 abstract, PMC10431072)",
                                            "issuer": "EHA",
                                            "date": "2023",
                                            "url": "https://pmc.ncbi.nlm.nih.gov/articles/PMC10431072",
                                        },
                                        {
                                            "source_id": "S31",
                                            "title": (
                                                "Front Immunol 2021;12:718621, Table 2 manufacturing failure"
                                            ),
                                            "issuer": "Front Immunol",
                                            "date": "2021",
                                            "url": (
                                                "https://pmc.ncbi.nlm.nih.gov/articles/PMC8427697/table/T2"
                                            ),
                                        },
                                    ],
                                },
                            ),
                        ],
                    },
                ],
            },
        ],
    },
}
