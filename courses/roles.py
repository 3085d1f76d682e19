"""The platform's five job roles (from the curriculum fact base's role codes) and the demo topics."""

JOB_ROLES = (
    # code, Russian, English
    ("operator", "Оператор производства", "Manufacturing operator"),
    ("qc", "Аналитик контроля качества", "QC analyst"),
    ("qa", "Обеспечение качества / уполномоченное лицо", "QA / qualified person"),
    ("ra", "Регуляторные вопросы", "Regulatory affairs"),
    ("clinical", "Клинический персонал", "Clinical staff"),
)

TOPICS = (
    ("biology", "Биология и препараты", "Biology and products"),
    ("manufacturing", "Производство", "Manufacturing"),
    ("quality-control", "Контроль качества", "Quality control"),
    ("gmp", "GMP и обеспечение качества", "GMP and quality assurance"),
    ("regulation", "Регулирование", "Regulation"),
    ("clinical", "Клиническое применение", "Clinical use"),
)


def ensure_job_roles(job_role_model) -> int:
    """Create the five roles if missing (names of existing ones are left as editors set them)."""
    created = 0
    for order, (code, name_ru, name_en) in enumerate(JOB_ROLES):
        _role, was_created = job_role_model.objects.get_or_create(
            code=code, defaults={"name_ru": name_ru, "name_en": name_en, "sort_order": order}
        )
        created += was_created
    return created


def ensure_topics(topic_model) -> int:
    created = 0
    for slug, name_ru, name_en in TOPICS:
        _topic, was_created = topic_model.objects.get_or_create(
            slug=slug, defaults={"name_ru": name_ru, "name_en": name_en}
        )
        created += was_created
    return created
