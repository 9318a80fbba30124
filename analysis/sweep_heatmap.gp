# sweep_heatmap.gp: a final-window metric over two swept parameters: each
# cell is the mean over the replicates of one point, coloured on a
# perceptually uniform scale (viridis), its value printed when cells are
# few enough to read.
#
# Set by cogov plot before this script:
#   fig_title, fig_note, xlabel, ylabel, cblabel
#   cells_file                columns: x, y, x low, x high, y low, y high,
#                             mean, runs
#   show_values, zmid         1: print each cell's value, in white on
#                             cells darker than zmid, black on the others
#   (and, for enumerated parameters, `set xtics (...)` / `set ytics (...)`)

set title fig_title . "\n" . fig_note font title_font
set xlabel xlabel
set ylabel ylabel
set cblabel cblabel
unset grid
set border 15
set tics out
set palette defined (0 "#440154", 0.25 "#3b528b", 0.5 "#21918c", \
                     0.75 "#5ec962", 1 "#fde725")
set autoscale xfix
set autoscale yfix
plot cells_file using 1:2:3:4:5:6:7 with boxxyerror \
         fs solid 1.0 noborder lc palette, \
     cells_file using 1:2:(show_values && $7 < zmid ? sprintf("%.3g", $7) : "") \
         with labels tc rgb "#ffffff", \
     cells_file using 1:2:(show_values && $7 >= zmid ? sprintf("%.3g", $7) : "") \
         with labels tc rgb "#000000"
