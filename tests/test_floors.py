"""Every app of the project is inside the import rules (pyproject.toml, checked by lint-imports in
make lint and CI): an app left out of them would be checked by nothing."""

import tomllib

from django.apps import apps

from tools.servers import ROOT


def project_packages():
    """The project's own top-level packages among the installed apps: the shell and every app."""
    return {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if (ROOT / config.name.split(".")[0]).is_dir()
    }


def import_rules():
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]


def test_every_project_app_is_on_a_floor_and_kept_from_the_tools():
    rules = import_rules()
    contracts = {contract["type"]: contract for contract in rules["contracts"]}
    on_floors = {
        name.strip() for layer in contracts["layers"]["layers"] for name in layer.split("|")
    }
    packages = project_packages()
    assert {"config", "longkhanh", "news", "polls", "links"} <= packages
    assert packages <= set(rules["root_packages"])
    assert packages == on_floors, "each app in INSTALLED_APPS needs its floor in pyproject.toml"
    assert packages == set(contracts["forbidden"]["source_modules"])
