"""Pages of the documents part of the site (names live in the `web` namespace)."""

from django.urls import URLPattern, URLResolver, path

from motcua.web.views import correction, documents, verify

urlpatterns: list[URLPattern | URLResolver] = [
    path("documents/dossiers/<str:code>/forms/<slug:kind>.pdf", documents.dossier_form, name="dossier_form"),
    path(
        "documents/dossiers/<str:code>/signed/<str:document>.pdf",
        documents.signed_document,
        name="signed_document",
    ),
    path("documents/dossiers/<str:code>/sign/<slug:what>/", documents.dossier_sign, name="dossier_sign"),
    path("documents/dossiers/<str:code>/reuse/", documents.dossier_reuse, name="dossier_reuse"),
    path("documents/units/<str:code>/register.pdf", documents.unit_register, name="unit_register"),
    path("documents/certificates/", documents.certificates, name="certificates"),
    path("documents/delegations/", documents.delegations, name="delegations"),
    path("documents/delegations/<int:pk>/end/", documents.delegation_end, name="delegation_end"),
    # Correction of a wrong result (Decree 118 Art.23).
    path(
        "documents/dossiers/<str:code>/correction/",
        correction.desk_correction_request,
        name="correction_request",
    ),
    path(
        "documents/dossiers/<str:code>/correction/<int:pk>/complete/",
        correction.desk_correction_complete,
        name="correction_complete",
    ),
    path("track/<str:code>/correction/", correction.citizen_correction, name="citizen_correction"),
    path("verify/", verify.verify_upload_page, name="verify_upload"),
    path("verify/<str:code>/", verify.verify, name="verify"),
    path("ca/crl", documents.ca_crl, name="ca_crl"),
    path("ca/root.crt", documents.ca_root, name="ca_root"),
]
