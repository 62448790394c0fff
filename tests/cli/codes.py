"""Valid credit codes for test directories: GB 11714 (the organisation code's check character) and
GB 32100 (the credit code's). Imported by the CLI tests' Python snippets (sys.path has tests/cli)."""

CH = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def org_check(body):
    """The check character of an 8-character organisation code body."""
    w = [3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(c, 36) * w[i] for i, c in enumerate(body))
    c = 11 - s % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def uscc(prefix, region, body):
    """The 18-character credit code: 2-character prefix, 6-digit region, 8-character body, both checks."""
    code = prefix + region + body + org_check(body)
    s = sum(CH.index(c) * pow(3, i, 31) for i, c in enumerate(code))
    return code + CH[(31 - s % 31) % 31]
