"""Drive the calculator page (docs/calculator.md, calculator/app/) as a user would:
type, choose, tick, add rows; only questions that are on screen can be answered.

Used by tests/browser/ and benchmarks/calculator_speed.py.
"""
from __future__ import annotations

import json
import time
from functools import lru_cache

IDLE = "window.policyCalculator.idle()"


@lru_cache(maxsize=1)
def form_spec() -> dict:
    import policy.api
    return json.loads(policy.api.form_spec())


def package_evaluate(data: dict) -> dict:
    """What the package itself (CPython) says for an input."""
    import policy.api
    return json.loads(policy.api.evaluate(json.dumps(data, ensure_ascii=False)))


def pid(path: str) -> str:
    """calculator/app/dom.js pathId: facilities[0].distance_km -> calc-facilities-0-distance_km"""
    out = "calc-" + "".join("-" if c in "[]." else c for c in path)
    while "--" in out:
        out = out.replace("--", "-")
    return out.rstrip("-")


def wait_until(page, expression: str, timeout: float = 10.0, context=None):
    """Poll a JS expression until it is truthy (page.wait_for_function evaluates strings,
    which the site's Content-Security-Policy forbids). On timeout the error says what was
    awaited and, if given, context() (e.g. what the page shows)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}" + (f": {context()}" if context else ""))
        page.wait_for_timeout(50)


class CalcPage:
    def __init__(self, page, url: str):
        self.page = page
        self.url = url
        spec = form_spec()
        self.questions = {q["field"]: q for q in spec["questions"]}
        self.order = [q["field"] for q in spec["questions"]]
        self.enterprise_fields = [q["field"] for q in spec["questions"] if q["scope"] == "enterprise"]
        self.location = spec["location"]

    # ------------------------------------------------------------ navigation

    def open(self, url: str | None = None, timeout: float = 60_000):
        self.page.goto(url or self.url)
        self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 60_000):
        self.page.wait_for_selector("#policy-calculator[data-seq]", state="attached", timeout=timeout)
        self.idle()

    def idle(self):
        self.page.evaluate(IDLE)

    def wait_until(self, expression: str, timeout: float = 10.0):
        wait_until(self.page, expression, timeout)

    def last(self) -> dict:
        return self.page.evaluate("window.policyCalculator.last")

    def timings(self) -> list[dict]:
        return self.page.evaluate("window.policyCalculator.timings")

    # ------------------------------------------------------------ answering

    def visible(self, selector: str) -> bool:
        loc = self.page.locator(selector)
        return loc.count() > 0 and loc.first.is_visible()

    def set_text(self, path: str, value):
        self.page.fill(f"#{pid(path)}", str(value))
        self.idle()

    def set_choice(self, path: str, value):
        """A select or a group of radios, whichever the form shows."""
        sel = f"#{pid(path)}"
        if self.page.locator(f"select{sel}").count():
            self.page.select_option(sel, str(value))
        else:
            radio_value = json.dumps(value) if isinstance(value, bool) else str(value)
            self.page.check(f"#{pid(path)}-q input[type=radio][value='{radio_value}']")
        self.idle()

    def fill_enterprise(self, enterprise: dict):
        for field in ("name", "county", "credit_code"):
            if field not in enterprise:
                continue
            if field == "county":
                self.set_choice("enterprise.county", enterprise[field])
            else:
                self.set_text(f"enterprise.{field}", enterprise[field])

    def fill_enterprise_answers(self, enterprise: dict) -> set[str]:
        """Answer what the enterprise answers once (二、1, 二、2) as its questions come on screen;
        returns those never shown."""
        remaining = {k: v for k, v in enterprise.items() if k in self.enterprise_fields}
        while remaining:
            for field in self.enterprise_fields:
                if field in remaining and self.visible(f"#{pid('enterprise.' + field)}-q"):
                    self.set_choice(f"enterprise.{field}", remaining.pop(field))
                    break
            else:
                break
        return set(remaining)

    def add_facility(self):
        self.page.get_by_role("button", name="添加生产设施").click()
        self.idle()

    def answer(self, i: int, field: str, value):
        base = f"facilities[{i}]"
        q = self.questions[field]
        if field == self.location["field"]:
            self.page.check(f"#{pid(base + '.' + field)}-q input[value='{'yes' if value else 'no'}']")
            self.idle()
        elif field == self.location["distance_field"]:
            self.page.check(f"#{pid(base + '.' + self.location['field'])}-q input[value='distance']")
            self.set_text(f"{base}.{field}", value)
        elif q["kind"] in ("boolean", "choice"):
            self.set_choice(f"{base}.{field}", value)
        elif q["kind"] == "periods":
            group = f"#{pid(base + '.' + field)}-q"
            for j, period in enumerate(value):
                self.page.locator(group).get_by_role("button", name="添加").click()
                for key in ("start", "end"):
                    self.page.fill(f"#{pid(f'{base}.{field}[{j}].{key}')}", period[key])
            self.idle()
        else:
            self.set_text(f"{base}.{field}", value)

    def question_selector(self, i: int, field: str) -> str:
        if field == self.location["distance_field"]:
            field = self.location["field"]
        return f"#{pid(f'facilities[{i}].{field}')}-q"

    def fill_facility(self, i: int, facility: dict) -> set[str]:
        """Answer every question of `facility` once it is on screen; returns the fields
        that were never shown (the package did not ask them)."""
        remaining = dict(facility)
        while remaining:
            for field in self.order:
                if field in remaining and self.visible(self.question_selector(i, field)):
                    self.answer(i, field, remaining.pop(field))
                    break
            else:
                break
        return set(remaining)

    def fill_transport(self, transport: dict):
        self.page.check("#calc-transport-toggle")
        self.idle()
        if "alert_level" in transport:
            self.set_choice("transport.alert_level", transport["alert_level"])
        for j, vehicle in enumerate(transport.get("vehicles", [])):
            self.page.get_by_role("button", name="添加车辆或机械").click()
            self.idle()
            base = f"transport.vehicles[{j}]"
            for key, value in vehicle.items():
                if key == "id":
                    self.set_text(f"{base}.id", value)
                elif key in ("kind", "emission_stage"):
                    self.set_choice(f"{base}.{key}", value)
                elif value is True:
                    self.page.check(f"#{pid(base + '.' + key)}")
                    self.idle()

    def fill(self, data: dict) -> list[set[str]]:
        """Fill a whole input; returns per facility the fields never asked."""
        self.fill_enterprise(data.get("enterprise", {}))
        unasked = []
        for i, facility in enumerate(data.get("facilities", [])):
            if i:
                self.add_facility()
            unasked.append(self.fill_facility(i, facility))
        # the enterprise's questions show once a facility needs them; they may bring more
        never = self.fill_enterprise_answers(data.get("enterprise", {}))
        for i, facility in enumerate(data.get("facilities", [])):
            unasked[i] = self.fill_facility(i, {k: facility[k] for k in unasked[i]}) | never
        if "transport" in data:
            self.fill_transport(data["transport"])
        return unasked

    # ------------------------------------------------------------ reading results

    def result_card(self, i: int):
        return self.page.locator(f".calc-result[data-index='{i}']")

    def fact(self, i: int, key: str) -> str:
        return self.result_card(i).locator(f"dd[data-key='{key}']").inner_text().strip()
