"""Demo page copy (Russian and English) for the CAR-T Academy home, about and privacy pages.

Pure data, no imports. Body blocks are (block_type, value) pairs: "heading" (str), "paragraph"
(simple HTML: p, strong, em, ul, li; no links) and "callout" ({"kind", "title", "text"}).
"""

HOME = {
    "ru": {
        "title": "Академия CAR-T",
        "seo_description": (
            "Курсы и сертификация для специалистов, которые производят CAR-T-препараты: GMP, контроль "
            "качества, регуляторные требования. Проверяемые сертификаты."
        ),
        "hero_heading": "Квалифицированные кадры для производства CAR-T",
        "hero_text": (
            "Курсы по производству препаратов CAR-T-клеточной терапии, надлежащей производственной практике "
            "(GMP) и регуляторным требованиям — с тестами и сертификатами, подлинность которых может "
            "проверить любой работодатель. Для операторов производства, аналитиков контроля качества, "
            "специалистов по обеспечению качества и уполномоченных лиц, сотрудников регуляторных и "
            "клинических подразделений."
        ),
        "audiences": [
            {
                "audience": "trainee",
                "heading": "Специалистам",
                "text": (
                    "Выбирайте курсы по своей роли — от работы в чистых помещениях до выпуска серий и "
                    "регуляторных требований. Проходите тесты в удобном темпе и отслеживайте свой прогресс. "
                    "После успешного завершения курса вы получите сертификат с уникальным кодом, который "
                    "легко проверить."
                ),
                "points": [
                    "Программы для каждой роли — от оператора до уполномоченного лица",
                    "Тесты и учёт прогресса по каждому курсу",
                    "Сертификат с QR-кодом и цифровой подписью",
                ],
            },
            {
                "audience": "university",
                "heading": "Университетам и учебным центрам",
                "text": (
                    "Публикуйте и поддерживайте курсы в собственном разделе вашей организации на платформе. "
                    "Каждый курс проходит рецензирование перед публикацией, а каждый модуль содержит ссылки "
                    "на источники. Когда требования меняются, вы обновляете материалы в одном месте."
                ),
                "points": [
                    "Собственный раздел для курсов организации",
                    "Рецензирование перед публикацией",
                    "Ссылки на источники в каждом модуле",
                ],
            },
            {
                "audience": "employer",
                "heading": "Работодателям",
                "text": (
                    "Проверяйте сертификаты по одному, списком или через API. Следите, кто из сотрудников "
                    "обучен для своей должностной роли и актуально ли это обучение, — но только по тем "
                    "сотрудникам, которые согласились открыть вам свои записи об обучении."
                ),
                "points": [
                    "Проверка одного сертификата, списка или через API",
                    "Статус обучения по должностным ролям с учётом сроков действия",
                    "Доступ к данным только с согласия сотрудника",
                ],
            },
        ],
        "mission_heading": "Почему это важно",
        "mission_html": (
            "<p>Чтобы российские пациенты получили доступ к CAR-T-терапии, в стране нужна устойчивая "
            "инфраструктура полного цикла разработки, производства и применения высокотехнологичных "
            "лекарственных препаратов. Резолюция открытой дискуссии о CAR-T-терапии на форуме «БИОПРОМ» "
            "(Геленджик, октябрь 2025 года) среди условий для этого прямо называет <strong>подготовку "
            "квалифицированных кадров</strong> и напоминает, что такие препараты всегда должны производиться "
            "по требованиям надлежащей производственной практики (GMP).</p><p>Чистые помещения и лицензии "
            "сами по себе не обеспечивают стабильного качества — его обеспечивают обученные люди. Академия "
            "CAR-T помогает промышленности, университетам и медицинским центрам готовить таких специалистов "
            "по курсам с прозрачными источниками и подтверждать пройденное обучение сертификатами, которые "
            "может проверить каждый.</p>"
        ),
    },
    "en": {
        "title": "CAR-T Academy",
        "seo_description": (
            "Training and certification for people who make CAR-T cell therapies: GMP, quality control and "
            "regulation. Certificates anyone can verify."
        ),
        "hero_heading": "Qualified people for CAR-T manufacturing",
        "hero_text": (
            "Courses on CAR-T cell therapy manufacturing, good manufacturing practice (GMP) and "
            "regulation—with quizzes and certificates whose authenticity any employer can check. For "
            "manufacturing operators, QC analysts, QA specialists, qualified persons, and regulatory and "
            "clinical staff."
        ),
        "audiences": [
            {
                "audience": "trainee",
                "heading": "For specialists",
                "text": (
                    "Choose courses that match your role, from cleanroom work to batch release and "
                    "regulatory requirements. Take quizzes at your own pace and track your progress. When "
                    "you complete a course, you receive a certificate with a unique code that is easy to "
                    "verify."
                ),
                "points": [
                    "Courses for every role, from operator to qualified person",
                    "Quizzes and progress tracking for every course",
                    "A certificate with a QR code and a digital signature",
                ],
            },
            {
                "audience": "university",
                "heading": "For universities and training centres",
                "text": (
                    "Publish and maintain courses in your organisation’s own space on the platform. Every "
                    "course is reviewed before it is published, and every module cites its sources. When "
                    "requirements change, you update the material in one place."
                ),
                "points": [
                    "Your own space for your organisation’s courses",
                    "Review before publishing",
                    "Source citations in every module",
                ],
            },
            {
                "audience": "employer",
                "heading": "For employers",
                "text": (
                    "Verify certificates one at a time, as a list or through the API. Keep track of which "
                    "staff are trained for their job roles and whether that training is still current—but "
                    "only for employees who have agreed to share their training records with you."
                ),
                "points": [
                    "Verify one certificate, a list, or through the API",
                    "Training status by job role, including expiry",
                    "Access only with the employee’s consent",
                ],
            },
        ],
        "mission_heading": "Why it matters",
        "mission_html": (
            "<p>Giving patients in Russia access to CAR-T therapy requires a sustainable national "
            "infrastructure covering the full cycle of development, manufacture and use of advanced therapy "
            "medicinal products. The resolution of the open discussion on CAR-T therapy at the BIOPROM forum "
            "(Gelendzhik, October 2025) names <strong>training qualified personnel</strong> among the "
            "conditions for this, and stresses that such products must always be manufactured in line with "
            "good manufacturing practice (GMP).</p><p>Cleanrooms and licences alone do not guarantee "
            "consistent quality—trained people do. CAR-T Academy helps industry, universities and medical "
            "centres prepare these specialists through courses with transparent sources, and document "
            "completed training with certificates that anyone can verify.</p>"
        ),
    },
}

ABOUT = {
    "ru": {
        "title": "О платформе",
        "slug": "o-platforme",
        "seo_description": (
            "Академия CAR-T: курсы по производству CAR-T, GMP и регуляторным требованиям для специалистов, "
            "университетов и работодателей. Как устроены сертификаты."
        ),
        "intro": (
            "Академия CAR-T — образовательная платформа для тех, кто производит, контролирует и применяет "
            "препараты CAR-T-клеточной терапии. Мы помогаем специалистам учиться, а работодателям — быть "
            "уверенными в подготовке своих сотрудников."
        ),
        "body": [
            ("heading", "Что такое Академия CAR-T"),
            (
                "paragraph",
                "<p>На платформе собраны курсы по технологическому процессу получения CAR-T-клеток, "
                "надлежащей производственной практике (GMP), контролю качества и регуляторным "
                "требованиям. Курсы включают тесты, а после успешного завершения курса слушатель "
                "получает сертификат.</p>",
            ),
            ("heading", "Для кого"),
            (
                "paragraph",
                "<ul><li><strong>Специалисты</strong> — операторы производства, аналитики контроля "
                "качества, специалисты по обеспечению качества и уполномоченные лица, сотрудники "
                "регуляторных и клинических подразделений. Они выбирают курсы по своей роли, проходят "
                "тесты и получают сертификаты.</li><li><strong>Университеты и учебные центры</strong> "
                "публикуют и поддерживают курсы в собственном разделе платформы; перед публикацией "
                "каждый курс проходит рецензирование.</li><li><strong>Работодатели</strong> проверяют "
                "сертификаты — по одному, списком или через API — и видят, обучены ли сотрудники для "
                "своих должностных ролей и актуальна ли их подготовка. Сведения доступны только по "
                "сотрудникам, которые дали согласие на доступ к своим записям.</li></ul>",
            ),
            ("heading", "Как устроены сертификаты"),
            (
                "paragraph",
                "<p>Каждому сертификату присваивается уникальный код, который невозможно угадать или "
                "подобрать. Код и QR-код на сертификате ведут на публичную страницу проверки: там "
                "указано, кому и за какой курс выдан сертификат, кто его выдал, даты выдачи и окончания "
                "действия и текущий статус.</p><p>Каждый сертификат заверен криптографической цифровой "
                "подписью по алгоритму Ed25519. Открытый ключ платформы опубликован, поэтому подлинность "
                "сертификата может проверить любой желающий, не полагаясь на сам сайт. Ошибочно выданный "
                "сертификат может быть отозван, а у сертификата с ограниченным сроком действия есть дата "
                "окончания: после неё страница проверки покажет, что срок истёк и обучение пора пройти "
                "заново.</p>",
            ),
            ("heading", "Откуда берётся содержание курсов"),
            (
                "paragraph",
                "<p>Каждый модуль содержит перечень источников, на которые он опирается: правила GMP, "
                "нормативные правовые акты, руководства регуляторных органов, рецензируемые публикации. "
                "Перед публикацией курс проходит рецензирование, а авторы обновляют материалы, когда "
                "меняются требования.</p>",
            ),
            ("heading", "Связь с резолюцией форума «БИОПРОМ-2025»"),
            (
                "paragraph",
                "<p>6–7 октября 2025 года в Геленджике, в рамках международного форума «БИОПРОМ: "
                "промышленность и технологии для человека», прошла открытая дискуссия «Клеточная "
                "CAR-T-терапия: инновационные решения в медицине». В ней участвовали представители "
                "Государственной думы, федеральных органов исполнительной власти, экспертного "
                "сообщества, фармацевтической индустрии и ведущих медицинских центров.</p><p>В резолюции "
                "дискуссии отмечено, что доступ российских пациентов к передовым методам лечения "
                "возможен только при формировании в стране устойчивой инфраструктуры полного цикла "
                "разработки, производства и применения высокотехнологичных лекарственных препаратов. "
                "Среди необходимых для этого мер названа <strong>подготовка квалифицированных "
                "кадров</strong>. Резолюция также подчёркивает, что такие препараты всегда должны "
                "производиться по требованиям GMP, и призывает государство, промышленность и "
                "научно-медицинское сообщество объединить усилия. Академия CAR-T — наш вклад в решение "
                "кадровой задачи.</p>",
            ),
            (
                "callout",
                {
                    "kind": "gmp",
                    "title": "Почему записи об обучении важны для GMP",
                    "text": (
                        "Правила надлежащей производственной практики требуют, чтобы весь персонал, чья "
                        "работа может повлиять на качество продукции, проходил первичное и регулярное "
                        "обучение, а его эффективность периодически оценивалась. Обучение должно быть "
                        "задокументировано: при инспекции действует принцип «не записано — значит, не "
                        "сделано». Сертификаты платформы помогают вести такие записи, но не заменяют "
                        "программу обучения на предприятии, за которую отвечает производитель."
                    ),
                },
            ),
        ],
    },
    "en": {
        "title": "About the platform",
        "slug": "about",
        "seo_description": (
            "CAR-T Academy: courses on CAR-T manufacturing, GMP and regulation for specialists, universities "
            "and employers. How our verifiable certificates work."
        ),
        "intro": (
            "CAR-T Academy is a learning platform for the people who manufacture, test and administer CAR-T "
            "cell therapies. We help specialists learn and give employers confidence in their staff’s "
            "training."
        ),
        "body": [
            ("heading", "What CAR-T Academy is"),
            (
                "paragraph",
                "<p>The platform offers courses on CAR-T manufacturing, good manufacturing practice "
                "(GMP), quality control and regulatory requirements. Courses include quizzes, and "
                "trainees who complete a course receive a certificate.</p>",
            ),
            ("heading", "Who it is for"),
            (
                "paragraph",
                "<ul><li><strong>Specialists</strong>—manufacturing operators, QC analysts, QA "
                "specialists and qualified persons, and regulatory and clinical staff. They choose "
                "courses for their role, take quizzes and earn "
                "certificates.</li><li><strong>Universities and training centres</strong> publish and "
                "maintain courses in their own space on the platform; every course is reviewed before it "
                "is published.</li><li><strong>Employers</strong> verify certificates—one at a time, as "
                "a list or through the API—and see whether their staff are trained and current for their "
                "job roles. This information is available only for employees who have consented to share "
                "their records.</li></ul>",
            ),
            ("heading", "How certificates work"),
            (
                "paragraph",
                "<p>Every certificate has a unique code that cannot be guessed or enumerated. The code "
                "and the QR code on the certificate open a public verification page showing the holder, "
                "the course, the issuer, the issue and expiry dates, and the current status.</p><p>Every "
                "certificate is digitally signed with Ed25519. The platform’s public key is published, "
                "so anyone can check a certificate’s authenticity without trusting this website. A "
                "certificate issued in error can be revoked, and once a time-limited certificate "
                "expires, the verification page shows that the training is due again.</p>",
            ),
            ("heading", "Where course content comes from"),
            (
                "paragraph",
                "<p>Every module lists the sources it relies on: GMP rules, legislation and regulations, "
                "guidance from regulatory authorities and peer-reviewed publications. Each course is "
                "reviewed before it is published, and its authors update the material when requirements "
                "change.</p>",
            ),
            ("heading", "Our link to the BIOPROM-2025 resolution"),
            (
                "paragraph",
                "<p>On 6–7 October 2025 in Gelendzhik, as part of the international forum “BIOPROM: "
                "Industry and Technology for Humans”, an open discussion titled “Cellular CAR-T Therapy: "
                "Innovative Solutions in Medicine” took place. It brought together representatives of "
                "the State Duma, federal executive bodies, the expert community, the pharmaceutical "
                "industry and leading medical centres.</p><p>The resolution states that Russian patients "
                "can have access to advanced treatments only if the country builds a sustainable "
                "infrastructure for the full cycle of development, manufacture and use of advanced "
                "therapy medicinal products. Among the measures this requires, it names <strong>training "
                "qualified personnel</strong>. It also stresses that such products must always be "
                "manufactured to GMP, and calls on the state, industry and the scientific and medical "
                "community to join forces. CAR-T Academy is our contribution to the workforce "
                "challenge.</p>",
            ),
            (
                "callout",
                {
                    "kind": "gmp",
                    "title": "Why training records matter under GMP",
                    "text": (
                        "GMP rules require everyone whose work can affect product quality to receive initial "
                        "and continuing training, with its practical effectiveness assessed periodically. "
                        "Training must be documented: inspectors work on the principle “if it isn’t written "
                        "down, it wasn’t done”. Platform certificates help keep such records, but they do "
                        "not replace the training programme that the manufacturer is responsible for."
                    ),
                },
            ),
        ],
    },
}

PRIVACY = {
    "ru": {
        "title": "Политика конфиденциальности",
        "slug": "konfidentsialnost",
        "seo_description": (
            "Какие персональные данные хранит Академия CAR-T, зачем, кто их видит и как запросить их копию "
            "или удаление."
        ),
        "intro": (
            "Мы храним только те данные, без которых платформа не может работать, не используем их для "
            "рекламы и не подключаем сторонние системы слежения."
        ),
        "body": [
            ("heading", "Какие данные мы храним"),
            (
                "paragraph",
                "<ul><li>адрес электронной почты;</li><li>полное имя — в том виде, в каком оно "
                "печатается в сертификатах;</li><li>по желанию — написание имени латиницей для "
                "сертификатов на английском языке;</li><li>предпочитаемый язык "
                "интерфейса;</li><li>прогресс по курсам и попытки прохождения тестов с их "
                "результатами;</li><li>выданные вам сертификаты и их статус.</li></ul>",
            ),
            ("heading", "Зачем и на каком основании"),
            (
                "paragraph",
                "<p>Эти данные нужны, чтобы вести вашу учётную запись, учитывать прохождение курсов, "
                "выдавать сертификаты и подтверждать их подлинность. Мы обрабатываем их на основании "
                "вашего согласия и потому, что без них невозможно оказать услугу, которую вы запросили. "
                "Для пользователей из России обработка персональных данных осуществляется в соответствии "
                "с Федеральным законом от 27 июля 2006 г. № 152-ФЗ «О персональных данных». Согласие "
                "вы даёте при регистрации; мы храним дату его получения и редакцию текста.</p>",
            ),
            ("heading", "Кто видит ваши данные"),
            (
                "paragraph",
                "<p>Работодатель получает доступ к вашим записям об обучении только после того, как вы "
                "дали на это согласие. Отозвать согласие можно в любой момент в профиле — доступ "
                "прекращается сразу.</p><p>Страница проверки сертификата общедоступна, но на ней видны "
                "только имя владельца, название курса, организация, выдавшая сертификат, даты и статус. "
                "Адрес электронной почты, результаты тестов и другие сведения там не показываются.</p>",
            ),
            ("heading", "Без сторонних трекеров"),
            (
                "paragraph",
                "<p>Мы не используем сторонние счётчики, рекламные трекеры, внешние CDN и шрифты: все "
                "скрипты, стили, шрифты и изображения отдаёт сама платформа. Файлы cookie применяются "
                "только технически необходимые — например, для входа в систему и защиты форм.</p>",
            ),
            ("heading", "Хранение, копия и удаление данных"),
            (
                "paragraph",
                "<p>Мы храним данные, пока существует ваша учётная запись и пока они нужны для работы "
                "сервиса, в том числе для проверки выданных сертификатов. После удаления учётной записи "
                "мы удаляем или обезличиваем ваши персональные данные, кроме тех, которые обязаны "
                "хранить по закону.</p><p>Изменить имя на сертификатах можно в профиле. Получить копию "
                "своих данных или удалить их можно по запросу оператору платформы на адрес "
                "privacy@cart-academy.example. Тем же способом можно отозвать согласие на обработку "
                "персональных данных.</p>",
            ),
            ("heading", "Ваши права"),
            (
                "paragraph",
                "<p>Вы вправе узнать, какие ваши данные мы обрабатываем, получить их копию, потребовать "
                "исправить неточные или удалить их, отозвать согласие на обработку и обжаловать наши "
                "действия в Роскомнадзоре или в суде. Напишите на privacy@cart-academy.example — мы "
                "ответим в течение 10 рабочих дней.</p>",
            ),
            ("heading", "Безопасность"),
            (
                "paragraph",
                "<p>Для защиты учётной записи доступна двухфакторная аутентификация. Мы рекомендуем "
                "включить её всем, и особенно тем, чьи записи об обучении открыты работодателю.</p>",
            ),
            (
                "callout",
                {
                    "kind": "note",
                    "title": "Коротко",
                    "text": (
                        "Вы сами решаете, кто видит ваши записи об обучении. Согласие, данное работодателю, "
                        "можно отозвать в любой момент, а копию данных или их удаление — запросить "
                        "по адресу privacy@cart-academy.example."
                    ),
                },
            ),
        ],
    },
    "en": {
        "title": "Privacy notice",
        "slug": "privacy",
        "seo_description": (
            "What personal data CAR-T Academy stores, why, who can see it, and how to get a copy or have it "
            "deleted."
        ),
        "intro": (
            "We store only the data the platform cannot work without, we never use it for advertising, and "
            "we do not embed third-party tracking."
        ),
        "body": [
            ("heading", "What data we store"),
            (
                "paragraph",
                "<ul><li>your email address;</li><li>your full name, exactly as it is printed on "
                "certificates;</li><li>optionally, the Latin spelling of your name for English-language "
                "certificates;</li><li>your preferred interface language;</li><li>your course progress "
                "and quiz attempts with their results;</li><li>the certificates issued to you and their "
                "status.</li></ul>",
            ),
            ("heading", "Why, and on what legal basis"),
            (
                "paragraph",
                "<p>We need this data to run your account, track your progress through courses, issue "
                "certificates and confirm that they are genuine. We process it on the basis of your "
                "consent and because we cannot provide the service you asked for without it. For users "
                "in Russia, personal data is processed in accordance with Federal Law No. 152-FZ of 27 "
                "July 2006 “On Personal Data”. You give your consent when you sign up; we keep the date "
                "and the version of its text.</p>",
            ),
            ("heading", "Who can see your data"),
            (
                "paragraph",
                "<p>An employer can see your training records only after you have given your consent. "
                "You can withdraw that consent at any time in your profile, and the employer’s access "
                "ends immediately.</p><p>Certificate verification pages are public, but they show only "
                "the holder’s name, the course, the issuing organisation, the dates and the status. Your "
                "email address, quiz results and other details never appear there.</p>",
            ),
            ("heading", "No third-party trackers"),
            (
                "paragraph",
                "<p>We use no third-party analytics, advertising trackers, external CDNs or hosted "
                "fonts: every script, stylesheet, font and image is served by the platform itself. We "
                "set only the cookies that are strictly necessary, for example to keep you signed in and "
                "to protect forms.</p>",
            ),
            ("heading", "Retention, copies and deletion"),
            (
                "paragraph",
                "<p>We keep your data while your account exists and for as long as it is needed to run "
                "the service, including to verify certificates that have been issued. When you delete "
                "your account, we delete or anonymise your personal data, except what we are required by "
                "law to keep.</p><p>You can change the name on your certificates in your profile. To get "
                "a copy of your data or have it deleted, write to the platform operator at "
                "privacy@cart-academy.example. You "
                "can withdraw your consent to the processing of your personal data the same way.</p>",
            ),
            ("heading", "Your rights"),
            (
                "paragraph",
                "<p>You have the right to know what data of yours we process, to get a copy, to have "
                "inaccurate data corrected or your data deleted, to withdraw your consent to processing, "
                "and to complain about us to Roskomnadzor (the Russian data protection authority) or to a "
                "court. Write to privacy@cart-academy.example; we reply within 10 working days.</p>",
            ),
            ("heading", "Security"),
            (
                "paragraph",
                "<p>Two-factor authentication is available to protect your account. We recommend that "
                "everyone turn it on, especially anyone whose training records are shared with an "
                "employer.</p>",
            ),
            (
                "callout",
                {
                    "kind": "note",
                    "title": "In short",
                    "text": (
                        "You decide who sees your training records. You can withdraw consent given to an "
                        "employer at any time, and you can request a copy or deletion of your data "
                        "at privacy@cart-academy.example."
                    ),
                },
            ),
        ],
    },
}
