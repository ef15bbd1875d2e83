"""Locust load test of fleet_customers through Odoo's external API
(JSON-RPC /jsonrpc, execute_kw with each user's API key): customers searched
and created, assets assigned and unassigned, and a few machines raced by
every client at once. Run by scripts/load_test.sh, which seeds the database
(bench/load/seed.py), starts Odoo with workers and checks the invariants
(bench/load/check.py).

A refusal by the addon (the machine is already held, or the assignment was
just ended by someone else) is a correct answer under contention: it is
reported as "... (refused)", not as a failure. Every other fault is a
failure. Each client logs what it saw succeed to bench/out/load-ops-*.jsonl
for the invariant checks.
"""

import itertools
import json
import os
import random

from locust import HttpUser, between, events, task

SEED = json.load(open(os.environ["FLEET_LOAD_SEED"]))
OUT = os.environ.get("FLEET_LOAD_OUT", "bench/out")
REFUSALS = (
    "already assigned",
    "cannot overlap",
    "already ended",
    "has just unassigned",
)
_user_slots = itertools.count()


class Refused(Exception):
    pass


class FleetUser(HttpUser):
    wait_time = between(0.2, 1.0)

    def on_start(self):
        slot = next(_user_slots)
        self.account = SEED["users"][slot % len(SEED["users"])]
        self.rng = random.Random(slot)
        # Clients work on slices of the machines (clients sharing an account
        # share a slice: they race too), plus the hot ones, raced by all.
        machines = [
            m for m in SEED["equipment_ids"] if m not in SEED["hot_equipment_ids"]
        ]
        self.machines = machines[slot % len(SEED["users"]) :: len(SEED["users"])]
        self.counter = itertools.count()
        self.slot = slot
        os.makedirs(OUT, exist_ok=True)
        self.log = open(os.path.join(OUT, f"load-ops-{os.getpid()}-{slot}.jsonl"), "a")

    def on_stop(self):
        self.log.close()

    def record(self, **entry):
        self.log.write(json.dumps(entry) + "\n")
        self.log.flush()

    def call(self, name, model, method, args, kwargs=None, refusable=False):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    SEED["database"],
                    self.account["uid"],
                    self.account["key"],
                    model,
                    method,
                    args,
                    kwargs or {},
                ],
            },
        }
        refused = None
        with self.client.post(
            "/jsonrpc", json=payload, name=name, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            body = response.json()
            error = body.get("error")
            if not error:
                response.success()
                return body["result"]
            message = (error.get("data") or {}).get("message", "") or error.get(
                "message", ""
            )
            kind = (error.get("data") or {}).get("name", "")
            if (
                refusable
                and kind.endswith(("UserError", "ValidationError"))
                and any(word in message.lower() for word in REFUSALS)
            ):
                response.success()
                refused = message
            else:
                response.failure(f"{kind}: {message[:200]}")
                return None
        # Counted apart: a correct answer under contention.
        events.request.fire(
            request_type="POST",
            name=f"{name} (refused)",
            response_time=0,
            response_length=0,
            exception=None,
            context={},
        )
        raise Refused(refused)

    @task(5)
    def search_customers(self):
        customer = self.rng.choice(SEED["customers"])
        domain = self.rng.choice(
            [
                [("ref", "ilike", customer["ref"])],
                [("name", "ilike", self.rng.choice(SEED["words"]))],
                [("city", "ilike", self.rng.choice(SEED["cities"]))],
            ]
        )
        self.call(
            "search customers",
            "res.partner",
            "search_read",
            [[("is_fleet_customer", "=", True)] + domain],
            {
                "fields": [
                    "name",
                    "ref",
                    "city",
                    "fleet_segment_id",
                    "fleet_asset_count",
                ],
                "limit": 80,
            },
        )

    @task(1)
    def create_customer(self):
        ref = f"LOAD-{os.getpid()}-{self.slot}-{next(self.counter)}"
        result = self.call(
            "create customer",
            "res.partner",
            "create",
            [
                {
                    "name": f"Load customer {ref}",
                    "ref": ref,
                    "is_fleet_customer": True,
                    "is_company": True,
                    "city": self.rng.choice(SEED["cities"]),
                    "child_ids": [
                        (
                            0,
                            0,
                            {
                                "name": f"Buyer {ref}",
                                "email": f"buyer.{ref.lower()}@example.com",
                            },
                        )
                    ],
                }
            ],
        )
        if result:
            self.record(op="create", ref=ref, id=result)

    def assign(self, name, machine_id):
        customer = self.rng.choice(SEED["customers"])
        try:
            wizard = self.call(
                name,
                "fleet.asset.assign.wizard",
                "create",
                [
                    {
                        "partner_id": customer["id"],
                        "equipment_ids": [(6, 0, [machine_id])],
                    }
                ],
                refusable=True,
            )
            if (
                wizard
                and self.call(
                    name,
                    "fleet.asset.assign.wizard",
                    "action_assign",
                    [[wizard]],
                    refusable=True,
                )
                is not None
            ):
                self.record(op="assign", equipment=machine_id, customer=customer["id"])
        except Refused:
            pass

    def unassign(self, name, machine_ids):
        found = self.call(
            f"{name}: find",
            "fleet.asset.assignment",
            "search",
            [[("equipment_id", "in", machine_ids), ("date_end", "=", False)]],
            {"limit": 1},
        )
        if not found:
            return
        try:
            wizard = self.call(
                name,
                "fleet.asset.unassign.wizard",
                "create",
                [{"assignment_ids": [(6, 0, found)]}],
                refusable=True,
            )
            if (
                wizard
                and self.call(
                    name,
                    "fleet.asset.unassign.wizard",
                    "action_unassign",
                    [[wizard]],
                    refusable=True,
                )
                is not None
            ):
                self.record(op="unassign", assignment=found[0])
        except Refused:
            pass

    @task(2)
    def assign_own(self):
        free = self.call(
            "assign: find free",
            "maintenance.equipment",
            "search",
            [[("id", "in", self.machines), ("fleet_customer_id", "=", False)]],
            {"limit": 20},
        )
        if free:
            self.assign("assign", self.rng.choice(free))

    @task(2)
    def unassign_own(self):
        self.unassign(
            "unassign", self.rng.sample(self.machines, min(50, len(self.machines)))
        )

    @task(1)
    def race_hot(self):
        # Everybody at once on the same few machines: assign when free,
        # unassign when held; the addon must refuse the losers cleanly.
        machine = self.rng.choice(SEED["hot_equipment_ids"])
        if self.rng.random() < 0.6:
            self.assign("race: assign", machine)
        else:
            self.unassign("race: unassign", [machine])
