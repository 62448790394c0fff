#!/usr/bin/env bash
# Encodings: a GB18030 file (what Excel in China writes) and a UTF-8 file with BOM import exactly as
# their UTF-8 twin; an undecodable file is refused with its line.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir

for variant in gb18030 bom; do
	db="$T/$variant.db"
	"$SUIJI" --db "$db" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
	case $variant in
	gb18030) iconv -f UTF-8 -t GB18030 "$D/objects.csv" >"$T/in.csv" ;;
	bom) { printf '\357\273\277'; cat "$D/objects.csv"; } >"$T/in.csv" ;;
	esac
	expect_rc 0 "$SUIJI" --db "$db" import objects "$T/in.csv" --date 2025-01-10
	expect_out "新增 6"
	"$SUIJI" --db "$db" export objects -o "$T/$variant.out.csv" 2>/dev/null
done
"$SUIJI" --db "$T/utf8.db" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" --db "$T/utf8.db" import objects "$D/objects.csv" --date 2025-01-10 >/dev/null
"$SUIJI" --db "$T/utf8.db" export objects -o "$T/utf8.out.csv" 2>/dev/null
expect_eq "$(cmp "$T/utf8.out.csv" "$T/gb18030.out.csv" && echo same)" "same" "GB18030 imports identically"
expect_eq "$(cmp "$T/utf8.out.csv" "$T/bom.out.csv" && echo same)" "same" "BOM imports identically"
if grep -q '沁阳市' "$T/gb18030.out.csv"; then ok; else not_ok "Chinese text survives GB18030"; fi

# bytes that are neither UTF-8 nor GB18030
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
{ head -2 "$D/objects.csv"; printf '\x81\x30\xff\xff,x\n'; } >"$T/broken.csv"
expect_rc 1 "$SUIJI" import objects "$T/broken.csv"
expect_err "第3行"
expect_eq "$(sql "select count(*) from object_version")" "0" "nothing written"

done_testing
