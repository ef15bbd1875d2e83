from . import models
from . import wizards
from . import controllers


def uninstall_hook(env):
    """Cancel the addon's jobs still waiting: their models are about to go,
    and the job runner would only fail them."""
    env["queue.job"].search(
        [
            ("model_name", "in", ("fleet.asset.event",)),
            ("state", "in", ("wait_dependencies", "pending", "enqueued", "failed")),
        ]
    ).button_cancelled()
