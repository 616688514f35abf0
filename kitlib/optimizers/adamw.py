"""AdamW: Adam with decoupled weight decay (Loshchilov & Hutter, 2019).

Notebook: ``notebooks/08_gradient_tape.ipynb``.
"""

from __future__ import annotations

from typing import Any

from kitlib.optimizers.adam import Adam


class AdamW(Adam):
    """Adam whose weight decay is applied to the weights directly, not the loss.

    Before each Adam step every weight shrinks by ``w -= w * weight_decay * lr``
    (the base :class:`~kitlib.optimizers.optimizer.Optimizer` does this for any
    optimizer with ``weight_decay`` set; AdamW only makes it the default).
    Adding an L2 penalty to the loss instead would pass through Adam's
    per-weight scaling and decay large-gradient weights less.

    Args:
        learning_rate: float, schedule or callable. Defaults to 0.001.
        weight_decay: the decay rate (must not be None). Defaults to 0.004.
        beta_1: see :class:`Adam`.
        beta_2: see :class:`Adam`.
        epsilon: see :class:`Adam`.
        amsgrad: see :class:`Adam`.
        **kwargs: the base arguments, see :class:`Optimizer`.

    Example:
        >>> AdamW().weight_decay
        0.004
    """

    def __init__(
        self,
        learning_rate: Any = 0.001,
        weight_decay: float = 0.004,
        beta_1: float = 0.9,
        beta_2: float = 0.999,
        epsilon: float = 1e-7,
        amsgrad: bool = False,
        name: str = "adamw",
        **kwargs: Any,
    ) -> None:
        if weight_decay is None:
            raise ValueError(
                "AdamW expects weight_decay to be a float, but received None. Use "
                "Adam for no weight decay, or pass e.g. weight_decay=0.004."
            )
        super().__init__(
            learning_rate=learning_rate,
            beta_1=beta_1,
            beta_2=beta_2,
            epsilon=epsilon,
            amsgrad=amsgrad,
            name=name,
            weight_decay=weight_decay,
            **kwargs,
        )
