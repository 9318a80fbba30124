# dashboard.gp: panels of time series comparing scenarios, one line per
# scenario (the mean over its replicates) in a band (95% CI of the mean
# for 3 or more replicates, min-max for 2), and a stacked bar per
# scenario of who resolved matters over the final window.
#
# Set by cogov plot before this script:
#   fig_title, fig_note       title and a line under it
#   ng, G_file[], G_title[]   scenarios: data file and legend entry
#   G_name[]                  scenario names (bar labels)
#   nm, M_title[], M_ylabel[] metric panels; in G_file[g], metric k has
#   M_ymin[], M_ymax[]        columns 2+3(k-1) (mean), +1 (low), +2 (high),
#                             drawn over [M_ymin[k]:M_ymax[k]]
#   xlabel                    label of the day axis
#   ncols, nrows, top         grid of metric panels below a strip at `top`
#   ch, ch_file, ch_title, ch_ylabel, nchan, CH_title[]
#                             ch = 1: the channel panel as a last full row
#   diff, color0              diff = 1: the lines are differences from a
#                             reference (a dashed zero line is drawn);
#                             line g takes colour g + color0
#   M_note[]                  a note written inside panel k ("" none)
#   M_ystep[], xstep          tick steps chosen so labels never collide
#                             (0: gnuplot's own)
#   xfrom                     first day drawn

set multiplot

# the strip: title, note and the scenarios' key
set origin 0, top
set size 1, 1 - top
unset border
unset tics
unset grid
set xrange [0:1]
set yrange [0:1]
set lmargin 0
set rmargin 0
set tmargin 0
set bmargin 0
set label 1 fig_title at screen 0.5, screen 1 - (1 - top) * 0.25 \
    center font title_font
set label 2 fig_note at screen 0.5, screen 1 - (1 - top) * 0.52 center
set key at screen 0.5, screen 1 - (1 - top) * 0.80 center center \
    horizontal reverse Left samplen 3 width 2
plot for [g=1:ng] NaN with lines lw 3 lc rgb scen_color(g + color0) title G_title[g]
unset label 1
unset label 2
unset key

# the metric panels
set border 3
set tics out scale 0.6
set xtics nomirror
set ytics nomirror
unset x2tics
unset y2tics
set grid lc rgb "#dddddd"
set xrange [xfrom:*]
set autoscale xfixmax
if (xstep > 0) { set xtics xstep } else { set xtics autofreq }
set lmargin 12
set rmargin 2
set tmargin 2
set bmargin 3.5
pw = 1.0 / ncols
ph = top / nrows
set xlabel xlabel offset 0, 0.5
do for [k=1:nm] {
    r = int((k - 1) / ncols)
    c = (k - 1) % ncols
    set origin c * pw, top - (r + 1) * ph
    set size pw, ph
    set title M_title[k]
    set ylabel M_ylabel[k]
    set yrange [M_ymin[k]:M_ymax[k]]
    if (M_ystep[k] > 0) { set ytics M_ystep[k] } else { set ytics autofreq }
    if (strlen(M_note[k]) > 0) {
        # smaller than the tick labels and right-aligned inside the
        # panel: at the panel's font it is wider than a panel of a
        # 3-column figure and ran into the y tick labels
        set label 3 M_note[k] at graph 0.98, graph 0.94 right \
            font ",8" tc rgb "#555555" front
    } else {
        unset label 3
    }
    m = 2 + 3 * (k - 1)
    plot for [g=1:ng] G_file[g] using 1:(column(m + 1)):(column(m + 2)) \
             with filledcurves fc rgb scen_color(g + color0) \
             fs transparent solid band_opacity noborder, \
         for [g=1:ng] G_file[g] using 1:(column(m)) \
             with lines lw 2 lc rgb scen_color(g + color0), \
         (diff ? 0 : NaN) with lines dt 2 lw 1 lc rgb "#444444"
}
unset label 3

# who resolves matters: one stacked bar per scenario
if (ch) {
    set origin 0, 0
    set size 1, ph
    set title ch_title
    set ylabel ch_ylabel
    unset xlabel
    set rmargin 28
    set xrange [-0.6:ng - 0.4]
    set xtics autofreq
    set ytics autofreq
    set yrange [0:*]
    set style data histograms
    set style histogram rowstacked
    set style fill solid 0.9 border rgb "#ffffff"
    set boxwidth 0.55
    set xtics nomirror scale 0
    set key outside right center vertical reverse Left invert samplen 2
    plot for [c=1:nchan] ch_file \
        using (column(c)):xtic(G_name[int(column(0)) + 1]) \
        lc rgb chan_color(c) title CH_title[c]
}
unset multiplot
