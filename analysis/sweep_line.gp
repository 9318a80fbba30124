# sweep_line.gp: a final-window metric against one swept parameter: the
# mean over replicates at each value with its 95% CI (an error bar and a
# band; none where one replicate is done), one line per combination of the
# other swept parameters.
#
# Set by cogov plot before this script:
#   fig_title, fig_note, xlabel, ylabel
#   nl, L_file[], L_title[]   lines; columns: x, mean, low, high, runs
#   (and, for an enumerated parameter, `set xtics (...)`)

set title fig_title . "\n" . fig_note font title_font
set xlabel xlabel
set ylabel ylabel
set key outside right top vertical Left reverse
set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05
plot for [l=1:nl] L_file[l] using 1:3:4 with filledcurves \
         fc rgb scen_color(l) fs transparent solid band_opacity noborder, \
     for [l=1:nl] L_file[l] using 1:2:3:4 with yerrorbars pt 7 ps 0.8 \
         lc rgb scen_color(l), \
     for [l=1:nl] L_file[l] using 1:2 with lines lw 2 lc rgb scen_color(l) \
         title L_title[l]
