"""The web console's main journeys, driven in a real browser (Chromium, headless) against a
live `ftz serve --demo`, in the languages given, reading what a person sees: headings,
statuses, messages and field errors in that language, from the same message catalogues
the server uses. axe-core must find no serious or critical violation on any page
visited, and each main page is kept as a screenshot.

Usage: journeys.py BASE_URL DEMO_CREDENTIALS_JSON SCREENSHOT_DIR LANG [LANG ...]
"""

import json
import os
import random
import re
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from page_audit import TranslationAudit, overflow_at_phone_width

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = {
    path.stem: json.loads(path.read_text(encoding="utf-8"))
    for path in (ROOT / "Sources/Localization/Resources/messages").glob("*.json")
}
TRANSLATIONS = TranslationAudit(MESSAGES)
PROCEDURE = "WORK-PERMIT-CONFIRMATION"
TAX_WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3]
# The smallest file the server's content sniffer accepts as a PDF.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class JourneyFailure(AssertionError):
    pass


def tax_code():
    while True:
        head = "".join(random.choice("0123456789") for _ in range(9))
        check = 10 - sum(int(d) * w for d, w in zip(head, TAX_WEIGHTS)) % 11
        if check < 10:
            return head + str(check)


class Console:
    """One browser, with helpers that read the page as a person would."""

    def __init__(self, base, screenshots, language):
        options = webdriver.ChromeOptions()
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000",
                         "--disable-gpu", f"--lang={language}"):
            options.add_argument(argument)
        options.binary_location = "/usr/bin/chromium"
        # Selenium cannot download drivers here: Debian's chromium-driver it is.
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.set_page_load_timeout(30)
        self.base = base
        self.screenshots = Path(screenshots)
        self.language = language
        self.pages_checked = 0
        self.largest_page = 0
        with urllib.request.urlopen(base + "/static/console.css") as response:
            self.stylesheet_bytes = len(response.read())

    def close(self):
        self.driver.quit()

    # --- messages -----------------------------------------------------------------------
    def m(self, key, **arguments):
        text = MESSAGES[self.language].get(key) or MESSAGES["en"][key]
        if isinstance(text, dict):  # plural forms
            text = text.get("other") or next(iter(text.values()))
        for name, value in arguments.items():
            text = text.replace("{" + name + "}", str(value))
        return text

    # --- navigation ---------------------------------------------------------------------
    def open(self, path, shot=None):
        self.driver.get(self.base + path)
        self.checked(shot)

    def checked(self, shot=None):
        """After every page: accessibility, and a screenshot of the main ones."""
        axe = Axe(self.driver)
        axe.inject()
        results = axe.run(options='{"resultTypes": ["violations"]}')
        serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
        if serious:
            raise JourneyFailure(f"axe on {self.driver.current_url}:\n" + axe.report(serious))
        self.pages_checked += 1
        # A value the server did not have must show nothing, never a programmer's "nil".
        if re.search(r"\bnil\b", self.driver.find_element(By.TAG_NAME, "body").text):
            raise JourneyFailure(f"{self.driver.current_url} shows 'nil'")
        # The budget: a typical page's HTML and CSS, charts included, under 60 KB.
        size = len(self.driver.page_source.encode("utf-8")) + self.stylesheet_bytes
        self.largest_page = max(self.largest_page, size)
        if size > 60 * 1024:
            raise JourneyFailure(f"{self.driver.current_url} weighs {size} bytes with its stylesheet, over 60 KB")
        # A phone's width without sideways scrolling, and every text in the reader's language.
        problems = overflow_at_phone_width(self.driver) + TRANSLATIONS.page_problems(self.driver, self.language)
        if problems:
            raise JourneyFailure(f"{self.driver.current_url} ({self.language}):\n  " + "\n  ".join(problems))
        if shot:
            self.screenshots.mkdir(parents=True, exist_ok=True)
            self.driver.execute_script("window.scrollTo(0, 0)")
            height = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(1280, min(max(height, 800), 4000))
            self.driver.save_screenshot(str(self.screenshots / f"{shot}-{self.language}.png"))
            # The same page on a phone, as the walk-through reads it too.
            self.driver.set_window_size(390, 900)
            height = self.driver.execute_script("return document.documentElement.scrollHeight")
            self.driver.set_window_size(390, min(max(height, 800), 6000))
            self.driver.save_screenshot(str(self.screenshots / f"{shot}-{self.language}-phone.png"))
            self.driver.set_window_size(1280, 1000)

    def submit(self, form_or_button, shot=None):
        # Every form posts without script, so the page is replaced; waiting for the old one
        # to go keeps the checks from running on a page that is unloading.
        self.driver.execute_script("window.ftzLeaving = true")
        form_or_button.click() if form_or_button.tag_name == "button" else form_or_button.submit()
        WebDriverWait(self.driver, 30).until(
            lambda driver: driver.execute_script("return !window.ftzLeaving && document.readyState === 'complete'"))
        self.checked(shot)

    def fresh(self):
        """A new person at this browser: no session, the journey's language chosen."""
        self.driver.delete_all_cookies()
        self.open(f"/?lang={self.language}")

    # --- reading ------------------------------------------------------------------------
    def h1(self):
        return self.driver.find_element(By.TAG_NAME, "h1").text.strip()

    def text(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css).text.strip()

    def expect(self, actual, expected, what):
        if actual != expected:
            raise JourneyFailure(f"{what}: expected {expected!r}, saw {actual!r} on {self.driver.current_url}")

    def expect_in(self, needle, haystack, what):
        if needle not in haystack:
            raise JourneyFailure(f"{what}: {needle!r} not in {haystack[:400]!r} on {self.driver.current_url}")

    def status(self):
        return self.text("#dossier-status")

    # --- acting -------------------------------------------------------------------------
    def fill(self, element_id, value):
        element = self.driver.find_element(By.ID, element_id)
        if element.tag_name == "select":
            Select(element).select_by_value(value)
        elif element.get_attribute("type") == "date":
            # Typing into a date input depends on the browser's locale; the value does not.
            self.driver.execute_script("arguments[0].value = arguments[1]", element, value)
        else:
            element.clear()
            element.send_keys(value)

    def sign_in(self, username, password):
        self.fresh()
        self.driver.find_element(By.LINK_TEXT, self.m("web.sign_in")).click()
        self.checked()
        self.fill("username", username)
        self.fill("password", password)
        self.submit(self.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))

    def action(self, code, comment=None, check=()):
        form = self.driver.find_element(By.CSS_SELECTOR, f"form[action$='/actions/{code}']")
        # Exactly the boxes named are ticked, as a person would leave them.
        for name in {name for name, _ in check}:
            wanted = {value for other, value in check if other == name}
            for box in form.find_elements(By.CSS_SELECTOR, f"input[name='{name}']"):
                if box.is_selected() != (box.get_attribute("value") in wanted):
                    box.click()
        if comment is not None:
            form.find_element(By.NAME, "comment").send_keys(comment)
        # A final step asks to be confirmed; the person has read it and ticks the box.
        for box in form.find_elements(By.CSS_SELECTOR, "input[name='confirm'], input[name='declaration']"):
            if not box.is_selected():
                box.click()
        self.submit(form.find_element(By.CSS_SELECTOR, "button[type=submit]"))

    def upload(self, document_type, path):
        Select(self.driver.find_element(By.ID, "upload-type")).select_by_value(document_type)
        self.driver.find_element(By.ID, "upload-file").send_keys(str(path))
        self.submit(self.driver.find_element(By.CSS_SELECTOR, "form[action$='/documents'] button[type=submit]"))

    def open_dossier_by_search(self, text):
        self.open("/dossiers")
        self.fill("q", text)
        self.submit(self.driver.find_element(By.ID, "q"))
        links = self.driver.find_elements(By.CSS_SELECTOR, "main table tbody a")
        if len(links) != 1:
            raise JourneyFailure(f"searching {text!r} found {len(links)} dossiers on {self.driver.current_url}")
        links[0].click()
        self.checked()


def labour_department_account(base, credentials):
    """The work-permit procedure consults the labour department (DOHA): the demo prints an
    officer's account for every department a procedure consults."""
    account = credentials["department_DOHA"]
    return account["username"], account["password"]


def register(console, suffix, tax):
    """An investor registers the enterprise, first with a password too short."""
    c = console
    c.fresh()
    c.driver.find_element(By.LINK_TEXT, c.m("web.nav_register")).click()
    c.checked("register")
    c.expect(c.h1(), c.m("web.register.title"), "registration heading")
    username = f"investor.{c.language.lower()}.{suffix}"
    for field, value in (("field-name", f"Công ty TNHH Kiểm thử {suffix}"), ("field-nameLatin", f"Test Co {suffix}"),
                         ("field-country", "KR"), ("field-taxCode", tax), ("field-displayName", "Park Ji-woo"),
                         ("field-email", f"{username}@example.kr"), ("field-username", username), ("field-password", "short")):
        c.fill(field, value)
    c.submit(c.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    c.expect(c.text("#field-password-error"), c.m("field.password_too_short", min=10), "error beside the password")
    c.expect(c.driver.find_element(By.ID, "field-username").get_attribute("value"), username, "what was typed is kept")
    c.fill("field-password", "correct horse battery")
    c.submit(c.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    c.expect(c.h1(), c.m("web.dossiers.mine"), "after registering, the investor's dossiers")
    return username, "correct horse battery"


def file_dossier(console, tax, pdf):
    """The investor files the work-permit dossier: an error beside the field first, then a
    draft, every required document, and submission."""
    c = console
    c.open("/")
    c.driver.find_element(By.CSS_SELECTOR, f"a[href='/dossiers/new?procedure={PROCEDURE}']").click()
    c.checked("filing-form")
    values = {"field-employerName": "Công ty TNHH Kiểm thử", "field-employerTaxCode": tax, "field-expertName": "PARK JI WOO",
              "field-nationality": "KR", "field-passportNumber": "bad", "field-startDate": "2027-03-01",
              "field-endDate": "2028-02-28"}
    for field, value in values.items():
        c.fill(field, value)
    Select(c.driver.find_element(By.ID, "field-position")).select_by_value("expert")
    c.submit(c.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"), "filing-errors")
    c.expect(c.text("#field-passportNumber-error"), c.m("field.pattern_mismatch"), "error beside the passport number")
    c.fill("field-passportNumber", "M12345678")
    c.submit(c.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    c.expect(c.h1(), c.m("web.dossier.title", reference=c.m("web.dossier.no_reference")), "the draft's page")
    c.expect(c.status(), c.m("status.draft"), "a saved draft")
    dossier_path = re.sub(r"^https?://[^/]+", "", c.driver.current_url)
    required = [option.get_attribute("value") for option in
                c.driver.find_elements(By.CSS_SELECTOR, "#upload-type option") if option.text.rstrip(" ✓").endswith("*")]
    for code in required:
        c.upload(code, pdf)
    c.expect(len(c.driver.find_elements(By.CSS_SELECTOR, "#document-files li")), len(required), "documents listed")
    c.expect(len(c.driver.find_elements(By.CSS_SELECTOR, ".checklist li.missing")), 0, "no required document left missing")
    c.driver.find_element(By.CSS_SELECTOR, "main a[href$='/review']").click()
    c.checked("review")
    c.expect(c.h1(), c.m("web.review.title"), "the review before submitting")
    c.expect(len(c.driver.find_elements(By.ID, "gaps-heading")), 0, "nothing left to complete")
    c.action("submit")
    c.expect(c.status(), c.m("status.submitted"), "status after submitting")
    reference = c.h1().split()[-1]
    c.checked("dossier-submitted")
    lookup = c.text("dd code")
    return dossier_path, reference, required, lookup


def company_administration(c, suffix):
    """The investor's own administration: a colleague invited, an API client and a webhook
    endpoint added (each secret shown once), and the enterprise's trade summary."""
    c.open("/inbox")
    c.driver.find_element(By.LINK_TEXT, c.m("web.nav_company")).click()
    c.checked()
    c.expect(c.h1(), c.m("web.company.title"), "the company administration")
    c.fill("invite-email", f"dong.nghiep.{suffix}@example.vn")
    c.submit(c.driver.find_element(By.ID, "invite-email"), "company")
    c.expect_in("/invitations/accept?token=ftzi_", c.text("pre.note"), "the invitation link shown once")
    c.driver.find_element(By.LINK_TEXT, c.m("web.clients.title")).click()
    c.checked()
    c.fill("client-name", "ERP")
    c.submit(c.driver.find_element(By.ID, "client-name"), "clients")
    c.expect_in("ftzs_", c.text("pre.note"), "the API client's secret shown once")
    c.expect(len(c.driver.find_elements(By.CSS_SELECTOR, "form[action$='/disable']")), 1, "the new client listed with its disable button")
    c.open("/company/webhooks")
    c.fill("webhook-url", "https://erp.example.vn/ftz-hooks")
    c.submit(c.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"), "webhooks")
    c.expect_in("whsec_", c.text("pre.note"), "the webhook signing secret shown once")
    c.open("/company")
    c.driver.find_element(By.LINK_TEXT, c.m("web.trade.title")).click()
    c.checked("trade")
    c.expect_in(c.m("web.trade.title"), c.h1(), "the enterprise's trade summary")


def journey(base, credentials, screenshots, language):
    console = Console(base, screenshots, language)
    c = console
    work = Path(tempfile.mkdtemp(prefix="ftz-browser-"))
    pdf = work / "ho-chieu.pdf"
    pdf.write_bytes(PDF)
    try:
        suffix = f"{random.randrange(10**8):08d}"
        tax = tax_code()
        investor = register(c, suffix, tax)
        c.open("/", "home")
        dossier, reference, documents, lookup = file_dossier(c, tax, pdf)

        officer = credentials["eza_officer"]
        c.sign_in(officer["username"], officer["password"])
        c.expect(c.h1(), c.m("web.dossiers.queue"), "the officer's queue")
        c.checked("queue")
        c.open("/sla", "sla")
        c.expect(c.h1(), c.m("web.sla.title"), "the service-level board")
        c.open("/alerts", "alerts")
        c.expect(c.h1(), c.m("web.alerts.title"), "the monitoring alerts board")
        c.open("/containers/MSKU1234565", "track")
        c.expect(c.h1(), c.m("web.track.title", container="MSKU1234565"), "the demo reefer's track")
        c.expect(len(c.driver.find_elements(By.CSS_SELECTOR, "figure.chart svg polyline.mean")), 1, "the reefer's temperature chart")
        seal = c.m("web.track.seal", state=c.m("web.track.seal_closed"), number="ML1234567", at="@")
        c.expect_in(seal.split("@")[0], c.text("main"), "the e-seal's last reading")
        c.open_dossier_by_search(tax)
        c.expect(c.h1(), c.m("web.dossier.title", reference=reference), "the dossier found by tax code")
        # As people type: no accents, words in another order, a '+' for a space in the address.
        c.open("/dossiers?q=" + f"kiem+thu+{suffix}+cong+ty")
        c.expect(len(c.driver.find_elements(By.CSS_SELECTOR, f"main table tbody a[href='{dossier}']")), 1,
                 "the enterprise found by its name typed without accents")
        c.expect(c.driver.find_element(By.ID, "q").get_attribute("value"), f"kiem thu {suffix} cong ty", "the search box shows spaces")
        c.open(dossier)
        c.action("start_check")
        c.expect(c.status(), c.m("status.checking"), "status while checking")
        c.action("request_supplement", comment="Bản chụp hộ chiếu chưa rõ", check=[("missingDocuments", documents[0])])
        c.expect(c.status(), c.m("status.supplement_requested"), "status after the supplement request")
        c.open(dossier + "/print/receipt", "print-receipt")
        c.expect(c.h1().splitlines()[0], MESSAGES["vi"]["web.print.receipt"], "the printed receipt, in Vietnamese first")
        if c.language != "vi":
            c.expect(c.h1().splitlines()[-1], c.m("web.print.receipt"), "the receipt's title in the investor's language beneath")
        c.open(dossier + "/print/supplement", "print-supplement")
        c.expect_in("Bản chụp hộ chiếu chưa rõ", c.text("table.facts"), "the printed supplement request carries the officer's words")

        c.sign_in(*investor)
        c.open(dossier)
        c.expect(c.text("#supplement-heading"), c.m("web.supplement.heading_investor"), "the supplement request opens the page")
        c.expect_in("Bản chụp hộ chiếu chưa rõ", c.text(".supplement"), "the officer's note in the banner")
        c.expect_in(c.m("web.supplement.awaited"), c.text(".supplement"), "the document asked for, not yet supplied")
        c.checked("supplement")
        # The blurred copy is replaced, not added beside: the old one goes to the history.
        option = c.driver.find_element(By.CSS_SELECTOR, f"#upload-type option[value='{documents[0]}']")
        name = option.get_attribute("textContent").replace("✓", "").replace("*", "").strip()
        asked = next(li for li in c.driver.find_elements(By.CSS_SELECTOR, "#document-files li")
                     if li.get_attribute("textContent").strip().startswith(name + ":"))
        asked.find_element(By.CSS_SELECTOR, "summary").click()
        asked.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(str(pdf))
        c.submit(asked.find_element(By.CSS_SELECTOR, "form[action$='/replace'] button[type=submit]"), "replaced")
        c.expect_in(c.m("web.supplement.answered"), c.text(".supplement"), "the banner sees the new file")
        c.expect(len(c.driver.find_elements(By.CSS_SELECTOR, "#document-files li")), len(documents), "still one file per document")
        c.action("resubmit")
        c.expect(c.status(), c.m("status.checking"), "status after answering the supplement request")

        c.sign_in(officer["username"], officer["password"])
        c.open(dossier)
        c.action("accept")
        c.expect(c.status(), c.m("status.under_review"), "status after acceptance")
        c.action("consult", check=[("departments", "DOHA")])
        c.expect(c.status(), c.m("status.in_consultation"), "status while the department is consulted")

        c.sign_in(*labour_department_account(base, credentials))
        c.expect(c.h1(), c.m("web.consultations.title"), "the department's inbox")
        c.checked("consultations")
        card = c.driver.find_element(By.XPATH, f"//article[.//h2[contains(., '{reference}')]]")
        Select(card.find_element(By.NAME, "opinion")).select_by_value("agree")
        card.find_element(By.NAME, "text").send_keys("Đồng ý sử dụng lao động nước ngoài ở vị trí chuyên gia.")
        c.submit(card.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        if c.driver.find_elements(By.XPATH, f"//article[.//h2[contains(., '{reference}')]]"):
            raise JourneyFailure("the answered consultation is still listed as pending")
        c.driver.find_element(By.LINK_TEXT, c.m("web.nav_exchange")).click()
        c.checked("exchange")
        c.expect(c.h1(), c.m("web.exchange.title"), "the department's data-sharing page")

        approver = credentials["eza_approver"]
        c.sign_in(approver["username"], approver["password"])
        c.open_dossier_by_search(reference)
        c.expect(c.status(), c.m("status.under_review"), "status once the department has answered")
        c.expect_in(c.m("web.opinion.agree"), c.text("#consultations-heading + ul"), "the department's opinion on the dossier")
        c.action("approve")
        c.expect(c.status(), c.m("status.approved"), "status after approval")
        c.action("issue_certificate")
        c.expect(c.status(), c.m("status.certificate_issued"), "status after issuing")
        c.checked("dossier-issued")
        c.open(dossier + "/print/control", "print-control")
        c.expect(len(c.driver.find_elements(By.CSS_SELECTOR, "table.steps tbody tr")), 10, "every step on the processing control slip")

        c.sign_in(*investor)
        c.driver.find_element(By.LINK_TEXT, c.m("web.nav_inbox")).click()
        c.checked("inbox")
        c.expect(c.h1(), c.m("web.inbox.title"), "the enterprise's messages")
        c.open(dossier)
        certificate = c.driver.find_element(By.CSS_SELECTOR, "a[href^='/certificates/']")
        number = certificate.text.strip()
        certificate.click()
        c.expect_in(number, c.driver.page_source, "the downloaded certificate carries its number")
        c.checked("certificate")
        company_administration(c, suffix)

        office = credentials["programme_office"]
        c.sign_in(office["username"], office["password"])
        c.expect(c.h1(), c.m("web.dashboard.title"), "the programme office lands on the leaders' dashboard")
        c.checked("dashboard")

        customs = credentials["customs_officer"]
        c.sign_in(customs["username"], customs["password"])
        c.expect(c.h1(), c.m("web.alerts.title"), "customs lands on its alerts")
        c.driver.find_element(By.LINK_TEXT, c.m("web.nav_risk")).click()
        c.checked("risk")
        c.expect(c.h1(), c.m("web.risk.title"), "the customs officer's risk queue")

        c.fresh()
        # Anyone holding the receipt sees where the dossier stands, typing as people type.
        c.open("/status")
        c.fill("reference", reference.lower())
        c.fill("code", lookup.lower().replace("-", " "))
        c.submit(c.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"), "status")
        c.expect(c.text("#status-result"), c.m("status.certificate_issued"), "the status looked up without signing in")
        c.open(f"/verify?number={number}", "verify")
        c.expect(c.text(".result h2"), c.m("web.verify.status.valid"), "the public verification")
        c.open("/guide?a.nationality=KR&a.siteInZone=true&a.land=sublease&a.foreignExperts=2", "guide")
        results = [a.text for a in c.driver.find_elements(By.CSS_SELECTOR, "#results-heading ~ article h3 a")]
        if not results:
            raise JourneyFailure("the guide lists no procedure for a foreign investor subleasing in the zone")
        c.driver.find_element(By.CSS_SELECTOR, f"a[href='/procedures/{PROCEDURE}']").click()
        c.checked("procedure")
        c.expect(c.text("dl dd"), c.m("web.home.days", count=10), "the procedure's time limit")
        c.open("/programmes", "programmes")
        c.expect(c.h1(), c.m("web.programmes.title"), "the public programme portfolio")
        sections = c.driver.find_elements(By.CSS_SELECTOR, "section.programme")
        c.expect(len(sections), 10, "the ten programmes")
        c.expect(len(c.driver.find_elements(By.CSS_SELECTOR, "section.programme svg.chart")),
                 len([s for s in sections if s.find_elements(By.CSS_SELECTOR, "table")]), "a chart beside each programme's table")
        c.open("/ledger", "ledger")
        c.expect_in("— ", c.text("pre.note"), "the signed checkpoint note with its signature line")

        register(c, suffix + "b", tax_code())
        c.open(dossier, "not-found")
        c.expect(c.h1(), c.m("web.problem.not_found.title"), "another investor's dossier")

        c.open(f"/dossiers/new?procedure={PROCEDURE}")
        c.driver.execute_script("document.querySelector('main form input[name=csrf]').remove()")
        c.submit(c.driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
        c.expect(c.text("main .error"), c.m("web.csrf_rejected"), "a form posted without its CSRF token")
        return c.pages_checked, c.largest_page
    except Exception:
        try:
            c.screenshots.mkdir(parents=True, exist_ok=True)
            c.driver.save_screenshot(str(c.screenshots / f"failure-{language}.png"))
            (c.screenshots / f"failure-{language}.html").write_text(c.driver.page_source, encoding="utf-8")
        except Exception:
            pass
        raise
    finally:
        console.close()


def main():
    base, credentials_path, screenshots, *languages = sys.argv[1:]
    credentials = json.loads(Path(credentials_path).read_text())
    for language in languages:
        started = time.monotonic()
        pages, largest = journey(base, credentials, screenshots, language)
        print(f"browser journeys ({language}): passed, {pages} pages checked by axe, largest page with its CSS "
              f"{largest / 1024:.1f} KB, {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    try:
        main()
    except JourneyFailure as failure:
        print(f"browser journeys: FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
