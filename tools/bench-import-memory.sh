#!/usr/bin/env bash
# Peak memory of importing 1,000,000 sales rows (target: ≤ 200 MB).
#
# Builds the release binary, writes a demo shop with 2,000 customers, writes
# a GBK sales CSV of 1,000,000 rows for those customers (numbered sales,
# spread over their phones and names), then runs
#   genjin import sales FILE --db DB --dry-run   (the check: sale numbers kept in memory)
#   genjin import sales FILE --db DB             (the import itself, one batch)
# under /usr/bin/time -v and prints wall time and maximum resident set size.
#
# Usage: tools/bench-import-memory.sh [ROWS] [CUSTOMERS]
# Needs: cargo, python3, GNU time (/usr/bin/time; Debian package `time`).
# The files go to a temporary folder, removed at the end (set KEEP=1 to keep it).
set -euo pipefail

ROWS=${1:-1000000}
CUSTOMERS=${2:-2000}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/genjin"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/genjin-import-memory.XXXXXX")
if [[ "${KEEP:-0}" != 1 ]]; then
    trap 'rm -rf "$WORK"' EXIT
else
    echo "files kept in $WORK"
fi

if [[ ! -x /usr/bin/time ]]; then
    echo "needs GNU time at /usr/bin/time (Debian: apt-get install -y time)" >&2
    exit 1
fi

echo "== building release"
(cd "$ROOT" && cargo build --release --quiet)

DB="$WORK/shop.sqlite"
CSV="$WORK/sales-${ROWS}.csv"

echo "== demo shop with $CUSTOMERS customers"
"$BIN" demo --db "$DB" --customers "$CUSTOMERS" --seed 1 --today 2026-11-23 >/dev/null
"$BIN" customers --db "$DB" --json >"$WORK/customers.json"

echo "== writing $ROWS sales rows (GBK) to $CSV"
python3 - "$WORK/customers.json" "$CSV" "$ROWS" <<'PY'
import datetime, json, random, sys

customers_path, out_path, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
customers = [(c["name"], c["mobile"]) for c in json.load(open(customers_path, encoding="utf-8")) if c["mobile"]]
products = ["美的空调 KFR-35GW", "格力空调 KFR-26GW", "海尔冰箱 BCD-470", "小天鹅洗衣机 TG100",
            "方太油烟机 EMD20", "老板燃气灶 9B39", "A.O.史密斯热水器 E60", "九阳豆浆机 D08",
            "苏泊尔电饭煲 FC30", "安装费", "延保三年", "清洗服务"]
notes = ["", "", "", "送货上门", "老客户优惠", "分期付款", "含安装"]
rng = random.Random(1)
start = datetime.date(2019, 1, 1)
with open(out_path, "w", encoding="gbk", newline="") as out:
    out.write("单号,客户,手机,日期,商品,数量,金额,到期日,账期,备注\r\n")
    for i in range(rows):
        name, mobile = customers[rng.randrange(len(customers))]
        day = start + datetime.timedelta(days=rng.randrange(2880))
        quantity = rng.choice((1, 1, 1, 2, 3))
        amount = f"{rng.randrange(50, 20000)}.{rng.randrange(100):02d}"
        terms = rng.choice(("", "", "30", "60"))
        note = rng.choice(notes)
        out.write(f"XS{i + 1:08d},{name},{mobile},{day.isoformat()},{rng.choice(products)},"
                  f"{quantity},{amount},,{terms},{note}\r\n")
PY
ls -l "$CSV" | awk '{printf "   %.1f MB\n", $5 / 1e6}'

run() {
    local label=$1
    shift
    echo "== $label"
    /usr/bin/time -v -o "$WORK/time.txt" "$BIN" import sales "$CSV" --db "$DB" "$@" \
        2>"$WORK/stderr.txt" | sed 's/^/   /'
    grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$WORK/time.txt" | sed 's/^\s*/   /'
}

run "genjin import sales --dry-run (check only)" --dry-run
run "genjin import sales (one batch)"
