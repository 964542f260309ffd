#!/usr/bin/env python3
"""Generates a benchmark workspace of the SPEC §9 shape: N customers, each with account.yaml,
plan.yaml (8 milestones), 6 signal snapshots, 5 VoC items and 2 QBRs, as of 2026-11-23.

usage: generate.py N WORKSPACE   (WORKSPACE must already hold csws.yaml, e.g. from `csws init`)
The data is deterministic (seeded) and valid, with the occasional overdue milestone so the
time rules have work to do."""
import datetime
import os
import random
import sys

AS_OF = datetime.date(2026, 11, 23)
SEGMENTS = ["enterprise", "mid-market", "smb"]
OWNERS = ["ana", "ben"]
PHASES = ["onboarding", "activation", "adoption", "optimisation", "renewal", "expansion"]
STATUSES = ["planned", "in-progress", "done", "blocked"]
AREAS = ["reporting", "integrations", "billing", "permissions", "performance", "mobile"]
KINDS = ["feature-request", "bug", "complaint", "praise", "question"]
VOC_STATUS = ["new", "acknowledged", "planned", "shipped", "declined"]


def d(days):
    return (AS_OF + datetime.timedelta(days=days)).isoformat()


def write(path, text):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


def customer(root, index, rng):
    cid = f"cust-{index:05d}"
    base = os.path.join(root, "customers", cid)
    for sub in ("signals", "voc", "qbr"):
        os.makedirs(os.path.join(base, sub), exist_ok=True)
    seats = rng.randint(10, 500)
    start = rng.randint(-700, -60)
    end = start + 365 * rng.randint(1, 3)
    if end <= -1:
        end += 365 * 2
    arr = seats * rng.choice([600, 900, 1200])
    write(os.path.join(base, "account.yaml"), f"""# yaml-language-server: $schema=../../.csws/schemas/account.schema.json
id: {cid}
name: Customer {index}
segment: {SEGMENTS[index % 3]}
owner: {OWNERS[index % 2]}
account_executive: dev
status: active
contract:
  start: {d(start)}
  end: {d(end)}
  seats: {seats}
  plan: professional
  term: annual
arr: {arr}
currency: USD
stakeholders:
  - name: Pat Example {index}
    title: VP Operations
    email: pat{index}@customer.example
    role: executive-sponsor
  - name: Sam Example {index}
    role: champion
success_definition:
  outcome: Cut reporting time in half
  use_case: Weekly operations review
  value_proof: Hours spent on the weekly report
  timeframe_days: 90
revenue:
  - date: {d(start)}
    kind: new
    amount: {arr}
""")
    milestones = []
    for m in range(8):
        status = STATUSES[(index + m) % 4]
        due = d(rng.randint(-120, 90))
        done = f"\n    done: {d(rng.randint(-200, -1))}" if status == "done" else ""
        milestones.append(f"""  - id: M{m + 1}
    title: Milestone {m + 1} of customer {index}
    phase: {PHASES[m % len(PHASES)]}
    owner: {OWNERS[index % 2]}
    due: {due}
    status: {status}{done}""")
    write(os.path.join(base, "plan.yaml"), f"""# yaml-language-server: $schema=../../.csws/schemas/plan.schema.json
objectives:
  - id: O1
    text: Cut reporting time in half
    metric: report-hours
milestones:
{chr(10).join(milestones)}
metrics:
  - id: report-hours
    name: Hours per weekly report
    unit: hours
    baseline: 10
    target: 5
    readings:
      - {{date: {d(-60)}, value: 8}}
      - {{date: {d(-30)}, value: 7}}
risks:
  - id: R1
    text: Champion may change roles
    severity: medium
    owner: {OWNERS[index % 2]}
    mitigation: Build a second champion in finance
cadence:
  checkin_every_days: 30
""")
    for s in range(6):
        day = -15 * s - rng.randint(0, 5)
        users = rng.randint(1, seats)
        write(os.path.join(base, "signals", f"{d(day)}.yaml"), f"""# yaml-language-server: $schema=../../../.csws/schemas/signals.schema.json
date: {d(day)}
source: product-analytics export
usage:
  active_users: {users}
  login_rate: {rng.random():.2f}
  key_features_adopted: {rng.randint(0, 10)}
  key_features_total: 10
  dau_mau: {rng.random() * 0.6:.2f}
  last_login: {d(day - rng.randint(0, 10))}
support:
  open_tickets: {rng.randint(0, 20)}
  high_severity_open: {rng.randint(0, 3)}
  escalations_90d: {rng.randint(0, 2)}
engagement:
  meetings_scheduled_90d: {rng.randint(1, 8)}
  meetings_attended_90d: {rng.randint(0, 1)}
  exec_sponsor_engaged: {"true" if rng.random() > 0.3 else "false"}
  last_touch: {d(day - rng.randint(0, 40))}
sentiment:
  nps: {rng.randint(0, 10)}
  csat: {rng.uniform(1, 5):.1f}
  ces: {rng.uniform(1, 7):.1f}
""")
    for v in range(5):
        day = -rng.randint(1, 200)
        status = VOC_STATUS[(index + v) % 5]
        write(os.path.join(base, "voc", f"{d(day)}-item-{v + 1}.yaml"), f"""# yaml-language-server: $schema=../../../.csws/schemas/voc.schema.json
date: {d(day)}
source: meeting
from: Sam Example {index}
kind: {KINDS[(index + v) % 5]}
area: {AREAS[(index + v) % len(AREAS)]}
tags: [weekly-review]
severity: {["low", "medium", "high"][v % 3]}
summary: Feedback item {v + 1} from customer {index} about {AREAS[(index + v) % len(AREAS)]}
status: {status}
responded: {d(day + 1)}
""")
    for q, (year, quarter, day) in enumerate([(2026, 2, "2026-05-20"), (2026, 3, "2026-08-19")]):
        write(os.path.join(base, "qbr", f"{year}-Q{quarter}.yaml"), f"""# yaml-language-server: $schema=../../../.csws/schemas/qbr.schema.json
date: {day}
attendees: [Pat Example {index}, {OWNERS[index % 2]}]
outcomes_recap:
  - Weekly report time down from 10 to 7 hours
value_proof:
  - {{metric: Hours per weekly report, from: 10, to: 7}}
risks_blockers: None raised
next_quarter:
  - {{priority: Roll out to the finance team, owner: {OWNERS[index % 2]}, due: {d(60)}}}
  - {{priority: Automate the weekly export, owner: carla, due: {d(75)}}}
expansion_discussed: {"true" if q else "false"}
decisions:
  - Keep the weekly cadence
""")


def main():
    count, root = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20261123)
    for index in range(count):
        customer(root, index, rng)


if __name__ == "__main__":
    main()
