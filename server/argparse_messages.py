"""argparse's own words that a user of nianbao meets (usage:, options:, its error messages), as
Python 3.10–3.13 write them. Never imported: listed so that `pybabel extract` keeps them in the
catalogue (server/locale/README.md). argparse asks gettext for them itself, in the domain that
i18n.setup() makes ours."""


def _(message: str) -> str:
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


MESSAGES = (
    _("usage: "),
    _("positional arguments"),
    _("options"),
    _("show this help message and exit"),
    _("%(prog)s: error: %(message)s\n"),
    _("argument %(argument_name)s: %(message)s"),
    _("the following arguments are required: %s"),
    _("unrecognized arguments: %s"),
    _("invalid choice: %(value)r (choose from %(choices)s)"),
    _("invalid %(type)s value: %(value)r"),
    _("expected one argument"),
    _("expected at most one argument"),
    _("expected at least one argument"),
    ngettext("expected %s argument", "expected %s arguments", 2),
    _("ambiguous option: %(option)s could match %(matches)s"),
    _("not allowed with argument %s"),
    _("ignored explicit argument %r"),
    _("one of the arguments %s is required"),
    _("unexpected option string: %s"),
    _("can't open '%(filename)s': %(error)s"),
)
