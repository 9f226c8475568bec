"""County figures of the 2019-2020 plan (2.6, 2.12): one JSON file per county.

A county may raise a ratio of the city plan, never lower it. Each file:

    {"plan": "jinzhong-2019-2020", "county": "介休市",
     "document": "the county's decision (文号)", "note": "…", "example": false,
     "changes": [{"case": "<case key from `python -m policy cases`>",
                  "ratio": 50, "reason": "…"}]}

Files are read with importlib.resources (they ship in the wheel as package data), so
the calculator in Pyodide uses the same figures. No county decision is known to the
project, so none is shipped; tests/fixtures/county_figures/ holds an example.
"""
