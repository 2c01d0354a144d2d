"""The machine-readable line each benchmark prints per figure, after its prose
(benchmarks/run-all.sh gathers them into one table):

    FIGURE<TAB>name<TAB>vpnctl<TAB>reference<TAB>ratio<TAB>target<TAB>met|not met

The name carries the unit (connect_ms_median). The ratio is vpnctl/reference
with two decimals. A target ending in x (<=0.5x, >=0.98x) is checked against
the ratio; any other target (=0, none) against vpnctl's value itself. `-`
stands for no reference, no ratio, no target, and for met when there is no
target."""


def _show(value, digits):
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _met(target, value, ratio, digits):
    if target.endswith("x") and target[:2] in ("<=", ">="):
        if ratio is None:
            return "-"
        limit = float(target[2:-1])
        return ratio <= limit if target.startswith("<=") else ratio >= limit
    if target.startswith("="):
        return _show(value, digits) == target[1:]
    return _show(value, digits) == target


def figure(name, value, reference=None, target=None, digits=1):
    """Prints one FIGURE line. value and reference are numbers (shown with
    `digits` decimals when floats) or words (none); target is as above."""
    numeric = isinstance(value, (int, float)) and isinstance(reference, (int, float))
    ratio = value / reference if numeric and reference else None
    met = "-" if target is None else _met(target, value, ratio, digits)
    if isinstance(met, bool):
        met = "met" if met else "not met"
    print("\t".join(["FIGURE", name, _show(value, digits), _show(reference, digits),
                     "-" if ratio is None else f"{ratio:.2f}", target or "-", met]), flush=True)
