# sensitivity_morris.gp: Morris screening of one output: each parameter at
# (mu*, sigma) with a horizontal bar for the bootstrap interval of mu*.
# Parameters near the origin do not matter; far right matter; high up act
# non-linearly or through interactions (Campolongo et al. 2007). The
# dashed lines sigma = mu* and sigma = 0.1 mu* separate the usual zones.
#
# Set by cogov sweep analyze before this script:
#   fig_title, fig_note, xlabel, ylabel
#   points_file    columns: mu*, sigma, mu* low, mu* high, label

set title fig_title . "\n" . fig_note font title_font
set xlabel xlabel
set ylabel ylabel
set xrange [0:*]
set yrange [0:*]
set offsets 0, graph 0.15, graph 0.1, 0
plot x with lines dt 2 lc rgb "#999999", \
     0.1 * x with lines dt 3 lc rgb "#999999", \
     points_file using 1:2:3:4 with xerrorbars pt 7 ps 1 lc rgb scen_color(3), \
     points_file using 1:2:5 with labels offset char 1, char 0.6 left \
         font ",10" tc rgb "#333333"
