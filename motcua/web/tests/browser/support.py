"""Helpers of the browser tests: the server and the pages, the accessibility and layout checks, and
the portal steps the journeys share."""

import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

from motcua.testing.personas import JPEG, PDF, PNG

ROOT = Path(__file__).resolve().parents[4]
PYTHON = sys.executable
BIRTH = "1.001193"

# Impacts axe reports: minor, moderate, serious, critical. The key pages allow none of the last two.
BLOCKING_IMPACTS = ("serious", "critical")
DEMO_PASSWORD = "motcua-demo"
PHONE: ViewportSize = {"width": 360, "height": 740}
OFFICE: ViewportSize = {"width": 1366, "height": 768}
TABLET: ViewportSize = {"width": 768, "height": 1024}


_axe = Axe()


def assert_accessible(page: Page) -> None:
    """axe-core on the page as it is: no serious or critical violation."""
    results = _axe.run(page)
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    report = "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n    "
        + "\n    ".join(node["target"][0] if node["target"] else "" for node in v["nodes"][:5])
        for v in blocking
    )
    assert not blocking, f"axe-core found serious or critical violations on {page.url}:\n{report}"


def assert_fits(page: Page, width: int) -> None:
    """Nothing is wider than the screen: no sideways scrolling."""
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide on a {width} px screen"


@dataclass
class Site:
    """The running server: its address and the environment its management commands use."""

    url: str
    env: dict[str, str]
    var_dir: Path
    log: Path

    def manage(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def shell(self, code: str) -> str:
        """Run Python in the server's database (the engine's actions, a count), print to answer."""
        return self.manage("shell", "--no-imports", "-c", code).strip()


@dataclass
class Pages:
    """Opens pages in fresh browser contexts (own cookies), closed at the end of the test."""

    browser: Browser
    site: Site
    contexts: list[BrowserContext] = field(default_factory=list)

    def open(self, path: str = "/", *, language: str = "vi", viewport: ViewportSize | None = None) -> Page:
        context = self.browser.new_context(
            base_url=self.site.url,
            viewport=viewport or {"width": 1280, "height": 900},
            locale=language,
            extra_http_headers={"Accept-Language": language},
        )
        context.set_default_timeout(15_000)
        self.contexts.append(context)
        page = context.new_page()
        page.goto(path)
        return page

    def login(self, username: str, *, language: str = "vi", viewport: ViewportSize | None = None) -> Page:
        page = self.open("/login/", language=language, viewport=viewport)
        page.fill("#id_username", username)
        page.fill("#id_password", DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(lambda url: "/login/" not in url)
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


def count_dossiers(site: Site, national_id: str) -> int:
    return int(
        site.shell(
            "from motcua.dossiers.models import Dossier; "
            f"print(Dossier.objects.filter(applicant_national_id='{national_id}').count())"
        )
    )


def fill_applicant(page: Page, *, national_id: str, phone: str = "0912345678") -> None:
    page.select_option("#id_competent_unit", "24688")
    page.fill("#id_name", "Nguyễn Thị Lan")
    page.fill("#id_national_id", national_id)
    page.fill("#id_phone", phone)
    page.fill("#id_address", "Thôn 3, xã Krông Nô")


def attach_required(page: Page) -> int:
    inputs = page.locator("input[type=file][required]")
    files = [
        ("to-khai.pdf", "application/pdf", PDF),
        ("giay.jpg", "image/jpeg", JPEG),
        ("anh.png", "image/png", PNG),
    ]
    for i in range(inputs.count()):
        name, mime, content = files[i % 3]
        inputs.nth(i).set_input_files({"name": name, "mimeType": mime, "buffer": content})
    return inputs.count()


def submit_online(pages: Pages, *, national_id: str, phone: str = "0912345678") -> tuple[Page, str]:
    """A complete online submission at a desktop size; the confirmation page and the code."""
    page = pages.open(f"/submit/{BIRTH}/", language="en")
    fill_applicant(page, national_id=national_id, phone=phone)
    attach_required(page)
    page.check("#id_declaration")
    page.click("form.portal-form button[type=submit]")
    page.wait_for_url(re.compile(r"/submit/done/"))
    return page, page.inner_text("#dossier-code")
