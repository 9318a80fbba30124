# sweep_scatter.gp: a final-window metric of a scattered design (Latin
# hypercube, Morris, Sobol', points): against one parameter, every run as
# a point and the means of equal-width bins of the parameter with their
# 95% CI; against two, every point of the design placed by the two
# parameters and coloured by the metric (viridis).
#
# Set by cogov plot before this script:
#   fig_title, fig_note, xlabel, ylabel, cblabel, mode (1: one parameter,
#   2: two), bin_title
#   runs_file      columns: x, y (mode 2) or metric (mode 1), metric
#   bins_file      (mode 1) columns: bin centre, mean, low, high, runs

set title fig_title . "\n" . fig_note font title_font
set xlabel xlabel
set ylabel ylabel
set offsets graph 0.03, graph 0.03, graph 0.05, graph 0.05
if (mode == 1) {
    set key outside right top vertical Left reverse
    plot runs_file using 1:2 with points pt 7 ps 0.5 \
             lc rgb "#99000000" notitle, \
         bins_file using 1:2:3:4 with yerrorbars pt 7 ps 1 \
             lc rgb scen_color(3) notitle, \
         bins_file using 1:2 with lines lw 2 lc rgb scen_color(3) \
             title bin_title
} else {
    set cblabel cblabel
    set palette defined (0 "#440154", 0.25 "#3b528b", 0.5 "#21918c", \
                         0.75 "#5ec962", 1 "#fde725")
    plot runs_file using 1:2:3 with points pt 7 ps 1.2 lc palette notitle
}
