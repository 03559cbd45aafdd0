"""The public verification page: by the code in a document's QR code, or by uploading the PDF.
It shows five facts and a status, nothing else, and never an error page for a bad file."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from motcua.documents.verification import verify_code, verify_upload

# A verification reads the file in memory; anything larger is not one of our documents.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def verify(request: HttpRequest, code: str) -> HttpResponse:
    answer = verify_code(code=code)
    return render(request, "web/verify/answer.html", {"answer": answer, "code": code.upper()[:64]})


# Anyone may ask, logged in or not, from a phone that just scanned a paper; the answer changes
# nothing but the log, so a cross-site post gains an attacker nothing.
@csrf_exempt
def verify_upload_page(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "web/verify/upload.html", {})
    upload = request.FILES.get("file")
    if upload is None:
        return render(
            request, "web/verify/upload.html", {"error": _("Choose a PDF file to check.")}, status=422
        )
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        return render(
            request,
            "web/verify/upload.html",
            {
                "error": _("The file is larger than %(limit)s MB.")
                % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)}
            },
            status=422,
        )
    answer = verify_upload(content=upload.read())
    return render(request, "web/verify/answer.html", {"answer": answer, "uploaded": True})
