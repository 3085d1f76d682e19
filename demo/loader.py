"""Demo content and accounts for the embedded default. Idempotent: a second run changes nothing.

Pages are created only when missing, so an editor's later changes are never overwritten; accounts keep
the password they were given on their first creation.
"""

from dataclasses import dataclass, field
from urllib.parse import urlparse

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, Site

from base.models import HomePage, SiteSettings, StandardPage
from people.api import record_personal_data_consent, set_admin_language

from . import site_content as demo_content

DEMO_PASSWORD = "cart-demo-2026"  # noqa: S105 - demo accounts only; load_demo refuses production settings
# The authenticator-app secret of every demo account that must use two-factor (people.api.requires_mfa):
# `manage.py demo_code` prints the current code, or add this secret to any authenticator app. Demo only.
DEMO_TOTP_SECRET = "CARTDEMOCARTDEMOCARTDEMOCARTDEMO"  # noqa: S105


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    latin_name: str
    role: str
    groups: tuple[str, ...] = ()
    is_superuser: bool = False


UNIVERSITY_SLUG = "demo-university"
# Staff of the demo employer who share their records with it.
DEMO_STAFF = ("trainee@cart-academy.example", "operator@employer.example", "qc@employer.example")

DEMO_ACCOUNTS = (
    DemoAccount("trainee@cart-academy.example", "Анна Смирнова", "Anna Smirnova", "trainee"),
    # The university's editor and reviewer get their rights from their memberships (the space's groups).
    DemoAccount("editor@university.example", "Игорь Волков", "Igor Volkov", "university editor"),
    DemoAccount("reviewer@university.example", "Мария Кузнецова", "Maria Kuznetsova", "university reviewer"),
    DemoAccount("hr@employer.example", "Ольга Морозова", "Olga Morozova", "employer HR"),
    DemoAccount("operator@employer.example", "Пётр Иванов", "Petr Ivanov", "employer staff"),
    DemoAccount("qc@employer.example", "Елена Соколова", "Elena Sokolova", "employer staff"),
    DemoAccount(
        "admin@cart-academy.example", "Алексей Орлов", "Aleksei Orlov", "administrator", is_superuser=True
    ),
)


@dataclass
class Report:
    created: list[str] = field(default_factory=list)

    def add(self, what: str) -> None:
        self.created.append(what)


def _body(items):
    # A heading is a StructBlock (text, level); the copy gives its text only (it used to render "None").
    return [
        {
            "type": kind,
            "value": {"text": value, "level": "h2"}
            if kind == "heading" and isinstance(value, str)
            else value,
        }
        for kind, value in items
    ]


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _ensure_locales(report: Report) -> tuple[Locale, Locale]:
    locales = []
    for code in ("ru", "en"):
        locale, created = Locale.objects.get_or_create(language_code=code)
        if created:
            report.add(f"locale {code}")
        locales.append(locale)
    return locales[0], locales[1]


def _ensure_root(ru: Locale) -> Page:
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=ru))
    return root


def _ensure_home(root: Page, ru: Locale, en: Locale, report: Report) -> tuple[HomePage, HomePage]:
    home_ru = HomePage.objects.filter(locale=ru, depth=root.depth + 1).first()
    if home_ru is None:
        # Wagtail's first migration leaves a placeholder "Welcome" page; the real home page replaces it.
        for placeholder in root.get_children().filter(slug="home").exact_type(Page):
            if placeholder.get_children_count() == 0:
                placeholder.delete()
        content = demo_content.HOME["ru"]
        home_ru = HomePage(locale=ru, slug="home", **_home_fields(content))
        root.add_child(instance=home_ru)
        _publish(home_ru)
        report.add("home page (ru)")

    home_en = HomePage.objects.filter(translation_key=home_ru.translation_key, locale=en).first()
    if home_en is None:
        home_en = home_ru.copy_for_translation(en)
        for name, value in _home_fields(demo_content.HOME["en"]).items():
            setattr(home_en, name, value)
        home_en.slug = "home-en"
        home_en.save()
        _publish(home_en)
        report.add("home page (en)")
    return home_ru, home_en


def _home_fields(content: dict) -> dict:
    return {
        "title": content["title"],
        "seo_title": "",
        "search_description": content["seo_description"],
        "hero_heading": content["hero_heading"],
        "hero_text": content["hero_text"],
        "mission_heading": content["mission_heading"],
        "mission_text": content["mission_html"],
        "audiences": [],
    }


def _audiences(content: dict, about: Page | None) -> list:
    """Audience cards with their calls to action (routes resolve once their apps provide them)."""
    actions = {
        "trainee": [("signup", True), ("catalog", False)],
        "university": [("about", True), ("login", False)],
        "employer": [("verify", True), ("login", False)],
    }
    labels = {
        "ru": {
            "signup": "Зарегистрироваться",
            "catalog": "Каталог курсов",
            "about": "Как устроена платформа",
            "login": "Войти",
            "verify": "Проверить сертификат",
        },
        "en": {
            "signup": "Create an account",
            "catalog": "Course catalog",
            "about": "How the platform works",
            "login": "Sign in",
            "verify": "Verify a certificate",
        },
    }[content["_language"]]
    cards = []
    for card in content["audiences"]:
        buttons = []
        for key, primary in actions[card["audience"]]:
            if key == "about":
                if about is None:
                    continue
                buttons.append({"label": labels[key], "page": about.pk, "route": "", "primary": primary})
            else:
                buttons.append({"label": labels[key], "page": None, "route": key, "primary": primary})
        cards.append(
            {
                "type": "audience",
                "value": {
                    "audience": card["audience"],
                    "heading": card["heading"],
                    "text": card["text"],
                    "points": card["points"],
                    "actions": buttons,
                },
            }
        )
    return cards


def _ensure_standard_page(
    content: dict[str, dict], home_ru: HomePage, home_en: HomePage, report: Report, *, in_menu: bool = True
) -> StandardPage:
    ru_content, en_content = content["ru"], content["en"]
    page_ru = StandardPage.objects.child_of(home_ru).filter(slug=ru_content["slug"]).first()
    if page_ru is None:
        page_ru = StandardPage(show_in_menus=in_menu, **_standard_fields(ru_content))
        home_ru.add_child(instance=page_ru)
        _publish(page_ru)
        report.add(f"page {ru_content['slug']} (ru)")
    page_en = StandardPage.objects.filter(
        translation_key=page_ru.translation_key, locale=home_en.locale
    ).first()
    if page_en is None:
        page_en = page_ru.copy_for_translation(home_en.locale)
        for name, value in _standard_fields(en_content).items():
            setattr(page_en, name, value)
        page_en.save()
        _publish(page_en)
        report.add(f"page {en_content['slug']} (en)")
    return page_ru


def _standard_fields(content: dict) -> dict:
    return {
        "title": content["title"],
        "slug": content["slug"],
        "search_description": content["seo_description"],
        "intro": content["intro"],
        "body": _body(content["body"]),
    }


def _ensure_site(home_ru: HomePage, report: Report) -> None:
    """The Wagtail site, at the address in SITE_URL so full URLs (sitemap, emails, og:url) are right."""
    address = urlparse(settings.SITE_URL)
    port = address.port or (443 if address.scheme == "https" else 80)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=address.hostname or "localhost",
            port=port,
            root_page=home_ru,
            is_default_site=True,
            site_name="CAR-T Academy",
        )
        report.add("site")
        return
    if site.root_page_id != home_ru.pk:
        site.root_page = home_ru
        site.site_name = "CAR-T Academy"
        site.save()
        report.add("site root")
    hostname = address.hostname or "localhost"
    if (site.hostname, site.port) != (hostname, port):
        # `make run PORT=8801` after a run on 8000: the site follows, so Wagtail's full URLs are live.
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
        report.add("site address")


def _fill_audiences(home: HomePage, language: str, about: Page) -> None:
    """Audience cards go in once, on the first run, after the About page exists to link to."""
    home.refresh_from_db()  # children were added since it was loaded: keep treebeard's numchild right
    if home.audiences:
        return
    home.audiences = _audiences({**demo_content.HOME[language], "_language": language}, about)
    home.save()
    _publish(home)


GROUP_PAGE_PERMISSIONS = {
    "Editors": ("add_page", "change_page"),
    "Moderators": ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
}
GROUP_COLLECTION_PERMISSIONS = (
    ("wagtailimages", ("add_image", "change_image", "choose_image")),
    ("wagtaildocs", ("add_document", "change_document", "choose_document")),
)


def _ensure_groups(root: Page, report: Report) -> dict[str, Group]:
    """Wagtail's editor and moderator groups with their page and media permissions (as a new site has)."""
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    groups = {}
    for name, page_codenames in GROUP_PAGE_PERMISSIONS.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            report.add(f"group {name}")
        if not group.permissions.filter(pk=access_admin.pk).exists():
            group.permissions.add(access_admin)
        for codename in page_codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
        for app_label, codenames in GROUP_COLLECTION_PERMISSIONS:
            for codename in codenames:
                permission = Permission.objects.get(content_type__app_label=app_label, codename=codename)
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )
        groups[name] = group
    return groups


def _ensure_accounts(groups: dict[str, Group], report: Report) -> None:
    User = get_user_model()
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email=account.email).first()
        if user is None:
            user = User.objects.create_user(
                email=account.email,
                password=DEMO_PASSWORD,
                full_name=account.full_name,
                latin_name=account.latin_name,
                is_staff=account.is_superuser,
                is_superuser=account.is_superuser,
            )
            report.add(f"account {account.email}")
        for name in account.groups:
            if not user.groups.filter(pk=groups[name].pk).exists():
                user.groups.add(groups[name])
        EmailAddress.objects.get_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        # The admin in Russian (the default language) until the person chooses another in their account.
        set_admin_language(user, "ru", keep_choice=True)
        if not user.personal_data_consents.exists():
            # Demo accounts are as if signed up: each has consented to the current wording, in Russian.
            record_personal_data_consent(user=user, language="ru")
            report.add(f"consent {account.email}")


def _ensure_settings(privacy: Page, report: Report) -> None:
    site_settings = SiteSettings.load()
    if not site_settings.contact_email and site_settings.privacy_page_id is None:
        site_settings.contact_email = "info@cart-academy.example"
        site_settings.privacy_page = privacy
        site_settings.save()
        report.add("site settings")


def _ensure_university_members(report: Report) -> None:
    """The demo university's editor and reviewer (the university itself comes with the course demo)."""
    from people.models import Membership, Organization

    university = Organization.objects.get(slug=UNIVERSITY_SLUG)
    User = get_user_model()
    for email, roles in (
        ("editor@university.example", (Membership.EDITOR,)),
        ("reviewer@university.example", (Membership.REVIEWER, Membership.ADMIN)),
    ):
        user = User.objects.get(email=email)
        # Earlier demos put these two in Wagtail's site-wide groups; a space is all they may edit now.
        user.groups.remove(*Group.objects.filter(name__in=("Editors", "Moderators")))
        for role in roles:
            _membership, created = Membership.objects.get_or_create(
                user=user, organization=university, role=role
            )
            if created:
                report.add(f"membership {email} {role}")


def _ensure_employer(report: Report) -> None:
    """A demo employer whose HR user administers it (bulk verification, API tokens)."""
    from people.models import Membership, Organization

    employer, created = Organization.objects.get_or_create(
        slug="demo-employer",
        defaults={
            "kind": Organization.EMPLOYER,
            "name_ru": "Демо-производство CAR-T",
            "name_en": "Demo CAR-T Manufacturing",
        },
    )
    if created:
        report.add("organisation demo-employer")
    hr = get_user_model().objects.get(email="hr@employer.example")
    for role in (Membership.HR, Membership.ADMIN):
        Membership.objects.get_or_create(user=hr, organization=employer, role=role)
    # The demo trainee shares her records with the demo employer, so its roster is not empty.
    from employers.api import link_employer

    User = get_user_model()
    staff = User.objects.filter(email__in=DEMO_STAFF).order_by("email")
    for person in staff:
        if not person.employer_consents.exists():
            link_employer(user=person, organization=employer)
    from .people import ensure_demo_job_roles

    ensure_demo_job_roles(organization=employer, report=report)


def _ensure_two_factor(report: Report) -> None:
    """The demo accounts that must use two-factor get an authenticator app with the known demo secret
    (and recovery codes), so they can sign in with `manage.py demo_code`. An account that has its own
    authenticator app keeps it."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    from people.api import requires_mfa

    for user in get_user_model().objects.filter(email__in=[account.email for account in DEMO_ACCOUNTS]):
        if not requires_mfa(user):
            continue
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
            report.add(f"authenticator app {user.email}")
        RecoveryCodes.activate(user)  # once: it returns the existing codes when there are some


@transaction.atomic
def load_demo(*, curriculum: bool = True) -> Report:
    """Build the bilingual page tree, demo accounts and settings; return what was created."""
    report = Report()
    ru, en = _ensure_locales(report)
    root = _ensure_root(ru)
    home_ru, home_en = _ensure_home(root, ru, en, report)
    _ensure_site(home_ru, report)
    about = _ensure_standard_page(demo_content.ABOUT, home_ru, home_en, report)
    privacy = _ensure_standard_page(demo_content.PRIVACY, home_ru, home_en, report, in_menu=False)
    _fill_audiences(home_ru, "ru", about)
    _fill_audiences(home_en, "en", about)
    _ensure_settings(privacy, report)
    from .courses import load_course_demo

    load_course_demo(
        home_ru=HomePage.objects.get(pk=home_ru.pk),
        home_en=HomePage.objects.get(pk=home_en.pk),
        report=report,
    )
    if curriculum:
        from courses.curriculum import load_curriculum
        from courses.models import CourseIndexPage
        from people.models import Organization

        load_curriculum(
            organization=Organization.objects.get(slug=UNIVERSITY_SLUG),
            home_ru=HomePage.objects.get(pk=home_ru.pk),
            home_en=HomePage.objects.get(pk=home_en.pk),
            catalog_ru=CourseIndexPage.objects.child_of(home_ru).get(),
            catalog_en=CourseIndexPage.objects.child_of(home_en).get(),
            report=report,
        )
    _ensure_accounts(_ensure_groups(root, report), report)
    _ensure_university_members(report)
    _ensure_employer(report)
    _ensure_two_factor(report)
    from courses.models import CoursePage

    from .certificates import load_certificate_demo

    trainee = get_user_model().objects.get(email="trainee@cart-academy.example")
    course = CoursePage.objects.get(locale=ru, slug="vvedenie-v-car-t")
    load_certificate_demo(user=trainee, course=course, report=report)
    return report
