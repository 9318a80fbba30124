# The animated GIF of `cogov demo --gif FILE`: one frame per simulated
# week, one column per run: the map of buildings, the backlog by scope,
# who solved matters each week (stacked) and the district means.
# sim/demo/demo_gif.c writes the data and a file of variables, then runs
#   gnuplot vars.gp demo_gif.gp
# vars.gp sets: nruns frames days frame_days open_max solved_max lo hi
# high_is_good means_lo means_hi part_max dir out state_label label<i>
# ncomm<i> frames<i> chan<k> and the words w_* in the language chosen with
# --lang. With stills = 'DIR' (cogov demo --frames DIR) it writes
# DIR/weekNN.png and DIR/weeks.pdf (a page a week) instead of the GIF.
if (!exists("frame_days")) frame_days = 7
if (!exists("stills")) stills = ""
# a column of 520 pixels a run, and a right margin for the colour scale
# and the keys of the last column
W = 520 * nruns + 250
right = 1.0 - 230.0 / W
if (stills eq "") {
    set terminal gif animate delay 30 loop 0 size W, 1000 \
        font "Noto Sans CJK SC,10" noenhanced
    set output out
}

csv(i) = sprintf("%s/run%d.csv", dir, i)
mapfile(i) = sprintf("%s/run%d_map.dat", dir, i)
label(i) = value(sprintf("label%d", i))
ncomm(i) = value(sprintf("ncomm%d", i))
# a run shorter than the other stays on its last frame
last(i, f) = (f < value(sprintf("frames%d", i))) ? f : value(sprintf("frames%d", i)) - 1
dayof(f) = ((f + 1) * frame_days - 1 < days - 1) ? (f + 1) * frame_days - 1 : days - 1

if (high_is_good) {
    set palette defined (0 "#d73027", 0.5 "#fee08b", 1 "#1a9850")
} else {
    set palette defined (0 "#1a9850", 0.5 "#fee08b", 1 "#d73027")
}
set cbrange [lo:hi]

# columns of run<i>.csv: frame day open, 3 scopes (4-6), 10 channels
# (7-16), satisfaction trust_gov trust_com participation efficacy (17-21)
array chword[10] = [w_ch_self, w_ch_tie, w_ch_market, w_ch_community, \
    w_ch_deliberation, w_ch_socorg, w_ch_volunteer, w_ch_mediation, \
    w_ch_government, w_ch_units]
# colours told apart at a glance (Tableau 10): neighbours green, the
# committee blue
array chcolor[10] = ["#bab0ac", "#59a14f", "#edc948", "#4e79a7", "#b07aa1", \
    "#f28e2b", "#76b7b2", "#ff9da7", "#e15759", "#9c755f"]
chan(k) = value(sprintf("chan%d", k))

do for [pass=1:(stills eq "" ? 1 : 2)] {
if (pass == 2) {
    set terminal pdfcairo size W / 100.0, 10 font "Noto Sans CJK SC,10" \
        noenhanced
    set output stills . "/weeks.pdf"
}
do for [f=0:frames-1] {
    if (stills ne "" && pass == 1) {
        set terminal pngcairo size W, 1000 font "Noto Sans CJK SC,10" \
            noenhanced
        set output sprintf("%s/week%02d.png", stills, f + 1)
    }
    set multiplot layout 4, nruns \
        title sprintf(w_week, f + 1, frames) . "   " . sprintf(w_day, dayof(f)) \
        margins 60.0 / W, right, 0.065, 0.905 spacing 110.0 / W, 0.07

    # row 1: the map (no x label: row 4 of the last frame set one)
    set datafile separator whitespace
    set xlabel ""
    unset y2tics
    unset key
    unset xtics
    set colorbox vertical user origin right + 0.02, 0.74 size 0.012, 0.15
    set cbtics format "%g"
    do for [i=1:nruns] {
        set title label(i) . "\n" . state_label
        set xrange [-0.5:*]
        set yrange [ncomm(i) - 0.5:-0.5]
        set ytics ()
        do for [c=1:ncomm(i)] { set ytics add (sprintf("c%d", c) c - 1) }
        plot mapfile(i) index last(i, f) matrix using 1:2:3 with image notitle
        unset colorbox
    }
    set ytics autofreq format "%g"
    set xtics autofreq
    set datafile separator comma
    set xrange [0:days]
    set xlabel ""

    # row 2: backlog by scope; its key in the right margin as rows 3 and
    # 4 (inside the panel it covered the first weeks' lines)
    do for [i=1:nruns] {
        if (i == nruns) {
            set key at screen 0.995, 0.70 right top vertical samplen 2 spacing 1.4
        } else {
            unset key
        }
        set title w_backlog
        set yrange [0:open_max * 1.05]
        plot csv(i) every ::0::last(i, f) using "day":"open_private" with lines lw 2 lc rgb "#d7af87" title w_scope_private, \
             csv(i) every ::0::last(i, f) using "day":"open_community" with lines lw 2 lc rgb "#5fafff" title w_scope_community, \
             csv(i) every ::0::last(i, f) using "day":"open_government" with lines lw 2 lc rgb "#ff5f5f" title w_scope_government
    }

    # row 3: who solved matters, stacked
    do for [i=1:nruns] {
        if (i == nruns) {
            set key at screen 0.995, 0.50 right top vertical samplen 1 spacing 1.4
        } else {
            unset key
        }
        set title w_solved
        set yrange [0:solved_max * 1.05]
        plot for [k=1:10] csv(i) every ::0::last(i, f) \
            using 2:(sum [j=7:5+k] column(j)):(sum [j=7:6+k] column(j)) \
            with filledcurves fc rgb chcolor[k] fs solid 0.9 \
            title (chan(k) ? chword[k] : "")
    }

    # row 4: district means: satisfaction and trust on the left axis,
    # participation (often an order of magnitude smaller) on the right
    set xlabel w_days
    set ytics nomirror
    set y2tics
    do for [i=1:nruns] {
        if (i == nruns) {
            set key at screen 0.995, 0.25 right top vertical samplen 2 spacing 1.4
        } else {
            unset key
        }
        set title w_means
        set yrange [means_lo:means_hi]
        set y2range [0:part_max]
        plot csv(i) every ::0::last(i, f) using "day":"satisfaction" with lines lw 2 lc rgb "#1a9850" title w_satisfaction, \
             csv(i) every ::0::last(i, f) using "day":"trust_gov" with lines lw 2 lc rgb "#ff5f5f" title w_trust_gov, \
             csv(i) every ::0::last(i, f) using "day":"trust_com" with lines lw 2 lc rgb "#5fafff" title w_trust_com, \
             csv(i) every ::0::last(i, f) using "day":"participation" axes x1y2 with lines lw 2 dt 2 lc rgb "#af87ff" title w_participation . " →"
    }
    unset y2tics
    set ytics mirror
    unset multiplot
}
}
set output
