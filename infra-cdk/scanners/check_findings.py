"""Fails on any scanner finding that suppressions.yaml does not justify, and on suppressions that match nothing.

usage: check_findings.py SUPPRESSIONS.yaml CFN_LINT.json CHECKOV.json

A suppression names the tool, the check, the resources it covers (logical-id glob patterns; "*" for every
resource) and the reason. A stale suppression (one no finding needs any more) is an error too, so the file
cannot drift into blanket permission.
"""
import fnmatch
import json
import sys

import yaml


def cfn_lint_findings(path):
    for finding in json.load(open(path)):
        where = finding["Location"]["Path"]
        resource = where[1] if len(where) > 1 and where[0] == "Resources" else where[-1] if where else "-"
        yield "cfn-lint", finding["Rule"]["Id"], str(resource), finding["Message"], finding["Filename"]


def checkov_findings(path):
    reports = json.load(open(path))
    for report in reports if isinstance(reports, list) else [reports]:
        for check in report.get("results", {}).get("failed_checks", []):
            resource = check["resource"].split(".", 1)[-1]
            yield "checkov", check["check_id"], resource, check["check_name"], check["file_abs_path"]


def main(suppressions_path, cfn_lint_path, checkov_path):
    suppressions = yaml.safe_load(open(suppressions_path))["suppressions"]
    for s in suppressions:
        if not str(s.get("reason", "")).strip():
            sys.exit(f"suppressions.yaml: {s['tool']} {s['check']} has no reason")
    used = [0] * len(suppressions)
    unjustified = []
    for tool, check, resource, message, template in [*cfn_lint_findings(cfn_lint_path), *checkov_findings(checkov_path)]:
        matches = [i for i, s in enumerate(suppressions)
                   if s["tool"] == tool and s["check"] == check
                   and any(fnmatch.fnmatchcase(resource, pattern) for pattern in s["resources"])]
        for i in matches:
            used[i] += 1
        if not matches:
            unjustified.append(f"  {tool} {check} on {resource} ({template}): {message}")
    stale = [f"  {s['tool']} {s['check']} {s['resources']}" for s, n in zip(suppressions, used) if n == 0]
    justified = sum(1 for n in used if n)
    if unjustified:
        print("template scanners: findings without a justification in infra-cdk/scanners/suppressions.yaml:")
        print("\n".join(unjustified))
    if stale:
        print("template scanners: suppressions that no finding needs any more (delete them):")
        print("\n".join(stale))
    if unjustified or stale:
        return 1
    print(f"template scanners: no unjustified finding ({sum(used)} findings covered by {justified} suppressions)")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
