from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from base import views as base_views
from base.sitemaps import AllLocalesSitemap
from certificates.api import api as certificates_api
from certificates.views import did_view, jwks_view, pdf_signing_certificates
from employers.api import staff_router

certificates_api.add_router("", staff_router)  # /api/v1/staff: the employer's consenting staff

urlpatterns = [
    path("", base_views.root_redirect, name="root"),
    path("admin/login/", base_views.admin_login_redirect, name="admin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": AllLocalesSitemap}}, name="sitemap"),
    path(".well-known/jwks.json", jwks_view, name="jwks"),
    path(
        ".well-known/pdf-signing-certificates.pem", pdf_signing_certificates, name="pdf_signing_certificates"
    ),
    path(".well-known/did.json", did_view, name="did"),
    path("api/v1/", certificates_api.urls),
    path("", include("certificates.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/", include("people.urls")),
    path("accounts/", include("employers.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("courses.urls")),
    path("", include("learning.urls")),
    path("", include("assessments.urls")),
    # Wagtail's page serving comes last: it catches every path the patterns above do not.
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
