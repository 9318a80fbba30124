# communities.gp: small multiples, one panel per community, of one metric
# of one run, on a shared y range so panels compare at a glance; the mean
# of all communities is drawn in grey behind each.
#
# Set by cogov plot before this script:
#   fig_title, fig_note, xlabel
#   data_file                 columns: day, community 0 .. nc-1, mean
#   nc, P_title[]             communities and their panel titles
#   ymin, ymax                the shared range
#   ncols, nrows, top         grid of panels below a strip at `top`
#   own_title, mean_title     key entries
#   xfrom, xstep, ystep       first day; tick steps that leave room for
#                             every label in a small panel (0: gnuplot's)

set multiplot

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
plot NaN with lines lw 2 lc rgb scen_color(3) title own_title, \
     NaN with lines lw 1.5 lc rgb "#aaaaaa" title mean_title
unset label 1
unset label 2
unset key

set border 3
set tics out scale 0.5
set xtics nomirror
set ytics nomirror
unset x2tics
unset y2tics
set grid lc rgb "#dddddd"
set xrange [xfrom:*]
set autoscale xfixmax
set yrange [ymin:ymax]
if (xstep > 0) { set xtics xstep } else { set xtics autofreq }
if (ystep > 0) { set ytics ystep } else { set ytics autofreq }
set lmargin 7
set rmargin 1
set tmargin 1.6
set bmargin 2.2
pw = 1.0 / ncols
ph = top / nrows
do for [i=1:nc] {
    r = int((i - 1) / ncols)
    c = (i - 1) % ncols
    set origin c * pw, top - (r + 1) * ph
    set size pw, ph
    set title P_title[i] offset 0, -0.6
    plot data_file using 1:(column(nc + 2)) with lines lw 1.5 lc rgb "#aaaaaa", \
         data_file using 1:(column(i + 1)) with lines lw 2 lc rgb scen_color(3)
}
unset multiplot
