# cogov serve in a real browser (Debian's headless Chromium) and through
# its JSON API: the page loads and its charts hold the run's frames; a
# switch changes the trajectory from the next day and is marked; the saved
# what-if replays bitwise with cogov run; malformed requests are refused
# and change nothing; the run goes on when a browser goes away.
. "$(dirname "$0")/lib.sh"
cd "$WORK"
export LANG=C.UTF-8 OMP_NUM_THREADS=1
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
    echo "t_serve: skipped: chromium is not installed (make deps installs it)"
    echo "t_serve: 0 passed, 0 failed"
    exit 0
fi

check "serve --help" "$COGOV" serve --help
expect "help says what is safe" grep -q "Only this computer controls the run" "$WORK/out"
check_fails "bad port" "--port: 70000 is out of range; allowed 0 to 65535" "$COGOV" serve --port 70000
check_fails "bad address" "--listen 1.2.3: expected an IPv4 address" "$COGOV" serve --listen 1.2.3
check_fails "bad language" "--lang: \"fr\" is not one of en, zh" "$COGOV" serve --lang fr
check_fails "unknown demo" "no demo named 'nosuch'" "$COGOV" serve nosuch
check_fails "three demos" "at most two demos" "$COGOV" serve baseline triage grid
check_fails "one demo in class" "serve --class: one demo" "$COGOV" serve --class baseline triage
check_fails "unknown option" "unknown option '--bogus'" "$COGOV" serve --bogus
check_fails "bad --set" "unknown key 'triage.acuracy'" "$COGOV" serve --set triage.acuracy=1

: > serve.out
"$COGOV" serve baseline --port 0 --set population.residents=3000 \
    --days 140 > serve.out 2> serve.err &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$WORK"' EXIT
i=0
while ! grep -q "http://" serve.out && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
U=$(sed -n 's|.*\(http://127.0.0.1:[0-9]*/\).*|\1|p' serve.out)
expect "serve prints its loopback URL" test -n "$U"
[ -n "$U" ] || { cat serve.err; summary; exit 1; }

post() { curl -s -o post.out -w '%{http_code}' -X POST "$U$1"; }
get() { curl -s "$U$1"; }
browse() {   # browse URL: the DOM after the page's scripts ran
    timeout 60 "$CHROMIUM" --headless --disable-gpu --no-sandbox \
        --virtual-time-budget=4000 --dump-dom "$1" 2>/dev/null
}
col() {   # col CSVFILE NAME: that column
    awk -F, -v m="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == m) c = i; next } { print $c }' "$1"
}

browse "$U" > dom0.html
expect "the page loads, with its charts" grep -q '<canvas id="sat"' dom0.html
expect "no frames before the first step" grep -q 'data-frames="0"' dom0.html

for k in 1 2 3 4; do post "api/control?do=step" > code; done
expect "step answers 200" test "$(cat code)" = 200
browse "$U" > dom1.html
expect "a chart has data: 4 frames, 4 points a run" \
    grep -q '{"frames":4,"points":\[4,4\],"marks":\[0,0\]}' dom1.html
browse "${U}?lang=zh" > domzh.html
expect "the Chinese page" grep -q '社区共治' domzh.html

# a switch on run 1 (the what-if twin of the same baseline) from day 28
expect "switch accepted" test "$(post 'api/set?run=1&key=mechanisms.triage.enabled&value=true')" = 200
for k in 1 2 3 4 5 6 7 8; do post "api/control?do=step" > /dev/null; done
get "api/frames.csv?run=0" > f0.csv
get "api/frames.csv?run=1" > f1.csv
expect "12 frames each" test "$(wc -l < f0.csv)" -eq 13 -a "$(wc -l < f1.csv)" -eq 13
head -n 5 f0.csv > a; head -n 5 f1.csv > b
expect "same seed: identical before the switch" cmp -s a b
col f0.csv solved_deliberation | tail -n 8 > a
col f1.csv solved_deliberation | tail -n 8 > b
expect "the trajectory changes from the next day (deliberations solve matters)" \
    sh -c '! cmp -s a b && awk "\$1 > 0 { n++ } END { exit !(n > 0) }" b'
col f0.csv solved_deliberation | awk '$1 > 0 { n++ } END { exit n > 0 }'
expect "no deliberation in the untouched run" test $? -eq 0
get "api/state" > state.json
expect "the change is marked on day 28" grep -q '"marks":\[{"day":28,"set":\["mechanisms.triage.enabled=true"\]}\]' state.json
browse "$U" > dom2.html
expect "the page shows the mark" grep -q '"marks":\[0,1\]' dom2.html

# the saved what-if replays bitwise with cogov run
get "api/scenario?run=1" > whatif.cfg
expect "the scenario holds the schedule" grep -q 'day = 28; set = \["mechanisms.triage.enabled=true"\]' whatif.cfg
check "cogov run replays the what-if" "$COGOV" run whatif.cfg -o replay.h5 -q
"$COGOV" export replay.h5 --wide > replay.csv
for m in satisfaction_mean trust_gov_mean trust_com_mean participation_rate \
         efficacy_mean resolution_days_mean; do
    col f1.csv $m > live.txt
    col f1.csv day | while read d; do sed -n "$((d + 2))p" replay.csv; done > rows.csv
    sed -i "1i $(head -n 1 replay.csv)" rows.csv
    col rows.csv $m > run.txt
    expect "replay == live what-if: $m, every digit" cmp -s live.txt run.txt
done

# malformed requests: an error, and nothing changes
v0=$(get "api/state" | sed 's/"version":\([0-9]*\).*/\1/')
expect "bad value refused" test "$(post 'api/set?run=1&key=triage.accuracy&value=abc')" = 400
expect "it says what is allowed" grep -q 'expected a number from 0 to 1' post.out
expect "out-of-range value refused" test "$(post 'api/set?run=1&key=triage.accuracy&value=7')" = 400
expect "unknown key refused" test "$(post 'api/set?run=1&key=population.residents&value=9')" = 400
expect "day-0 key refused mid-run" test "$(post 'api/set?run=1&key=participation.threshold_mean&value=0.5')" = 400
expect "it names why" grep -q 'only shapes day 0' post.out
expect "bad run refused" test "$(post 'api/set?run=5&key=triage.accuracy&value=0.5')" = 400
expect "bad action refused" test "$(post 'api/control?do=explode')" = 400
expect "bad speed refused" test "$(post 'api/control?do=speed&value=1000')" = 400
expect "a body is refused" test "$(curl -s -o /dev/null -w '%{http_code}' -X POST --data-binary @whatif.cfg "${U}api/control?do=step")" = 413
expect "other methods refused" test "$(curl -s -o /dev/null -w '%{http_code}' -X PUT "${U}api/control")" = 405
expect "no file paths" test "$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "${U}../../etc/passwd")" = 404
expect "no file paths (encoded)" test "$(curl -s -o /dev/null -w '%{http_code}' --path-as-is "${U}%2e%2e/%2e%2e/etc/passwd")" = 404
long=$(head -c 40000 /dev/zero | tr '\0' a)
code=$(curl -s -o /dev/null -w '%{http_code}' "${U}api/state?x=$long")
expect "an oversized request is refused ($code)" test "$code" -ge 400
expect "bad since refused" test "$(curl -s -o /dev/null -w '%{http_code}' "${U}api/state?since=-3")" = 400
v1=$(get "api/state" | sed 's/"version":\([0-9]*\).*/\1/')
expect "refused requests changed nothing" test "$v0" = "$v1"
get "api/frames.csv?run=1" > f1b.csv
expect "frames unchanged" cmp -s f1.csv f1b.csv

# the run goes on after a browser leaves mid-way
post "api/control?do=speed&value=20" > /dev/null
post "api/control?do=play" > /dev/null
timeout 2 "$CHROMIUM" --headless --disable-gpu --no-sandbox --dump-dom "$U" > /dev/null 2>&1
sleep 1
n=$(get "api/frames.csv?run=0" | wc -l)
expect "playing on after the browser left ($n lines)" test "$n" -gt 14
expect "the server is alive" kill -0 $PID
check "reset" sh -c "curl -s -X POST '${U}api/control?do=reset' | grep -q ok"
expect "reset clears the frames and the what-ifs" sh -c "curl -s '${U}api/state' | grep -q '\"done\":0,\"frames\":\[\],\"marks\":\[\]'"
kill $PID
wait $PID
expect "Ctrl-C stops it cleanly" test $? -eq 0

# the class: students join with the code, each decides for one resident
: > class.out
"$COGOV" serve triage --class --port 0 --set population.residents=3000 \
    --days 140 > class.out 2> class.err &
PID=$!
i=0
while ! grep -q "join code" class.out && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
U=$(sed -n 's|.*open \(http://127.0.0.1:[0-9]*/\) .*|\1|p' class.out)
CODE=$(sed -n 's/.*join code \([0-9]\{6\}\).*/\1/p' class.out)
expect "class mode prints the students' URL and a join code" test -n "$U" -a -n "$CODE"
expect "a wrong code is refused" test "$(post "api/join?code=00000x")" = 403
expect "no code, no join" test "$(post "api/join")" = 403
post "api/join?code=$CODE" > /dev/null; TA=$(sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p' post.out)
RA=$(sed -n 's/.*"resident":\([0-9]*\).*/\1/p' post.out)
post "api/join?code=$CODE" > /dev/null; TB=$(sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p' post.out)
RB=$(sed -n 's/.*"resident":\([0-9]*\).*/\1/p' post.out)
expect "two students, two residents" test -n "$TA" -a -n "$TB" -a "$RA" != "$RB"
expect "student A votes for the agenda" test "$(post "api/decide?token=$TA&what=vote&value=yes")" = 200
expect "student B votes for the agenda" test "$(post "api/decide?token=$TB&what=vote&value=yes")" = 200
expect "a bad decision is refused" test "$(post "api/decide?token=$TA&what=vote&value=maybe")" = 400
expect "admin is no micro-project" test "$(post "api/decide?token=$TA&what=project&value=admin")" = 400
expect "an unknown token acts for no one" test "$(post "api/decide?token=0123456789abcdef0123456789abcdef&what=report&value=no&resident=$RB")" = 403
expect "a student cannot name another resident" test "$(post "api/decide?token=$TA&what=report&value=no&resident=$RB")" = 200
get "api/class" > class.json
expect "A's decisions are A's resident's alone" \
    grep -q "{\"resident\":$RA,\"community\":[0-9]*,\"report\":0,\"volunteer\":-1,\"attend\":1,\"vote\":1,\"project\":-1},{\"resident\":$RB,\"community\":[0-9]*,\"report\":-1,\"volunteer\":-1,\"attend\":1,\"vote\":1," class.json
post "api/control?do=step" > /dev/null
for T in $TA $TB; do
    get "api/me?token=$T" > me.json
    expect "a student's vote reaches the meeting (counted toward the quorum)" \
        sh -c "grep -q '\"taking_part\":true' me.json && ! grep -q '\"meeting_present\":0,' me.json"
done
for k in 2 3 4 5 6; do post "api/control?do=step" > /dev/null; done
get "api/frames.csv?run=0" > twin.csv
get "api/frames.csv?run=1" > class.csv
expect "the class's district departs from its model-only twin" sh -c '! cmp -s twin.csv class.csv'
browse "$U" > proj.html
expect "the projector shows the join code" grep -q "$CODE" proj.html
expect "and the students" grep -q 'data-students="2"' proj.html
expect "and the QR code of the link" grep -q '<img id="qr" src="qr.svg"' proj.html
expect "a QR code (libqrencode), as SVG" sh -c "curl -s '${U}qr.svg' | grep -q '^<svg.*M[0-9]* [0-9]*h1v1h-1z'"
browse "${U}student?code=$CODE" > stud.html
expect "a phone joins through the page" grep -q 'data-joined="1"' stud.html
expect "and sees its resident's decisions" grep -q 'data-what="vote"' stud.html
kill $PID
wait $PID
summary
