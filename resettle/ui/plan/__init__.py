"""The through-the-gate plan in the GUI: the Plan tab, its preview and printing, batch printing.

Entry points: :class:`~resettle.ui.plan.tab.PlanTab` (a person window tab),
:class:`~resettle.ui.plan.preview.PlanPreviewDialog` and
:func:`~resettle.ui.plan.batch_dialog.open_batch_print` (File menu).
"""
