# sensitivity_sobol.gp: Sobol' indices of one output: per parameter the
# first-order index S1 and the total index ST side by side, with their
# bootstrap intervals. ST - S1 is the share through interactions.
#
# Set by cogov sweep analyze before this script:
#   fig_title, fig_note, ylabel, s1_title, st_title
#   bars_file      columns: label, S1, S1 low, S1 high, ST, ST low, ST high

set title fig_title . "\n" . fig_note font title_font
set ylabel ylabel
set style data histogram
set style histogram errorbars gap 1 lw 1
set style fill solid 0.8 border -1
set boxwidth 0.9
set yrange [0:*]
set xtics rotate by -30 nomirror
set key inside top right
plot bars_file using 2:3:4:xtic(1) title s1_title lc rgb scen_color(3), \
     bars_file using 5:6:7 title st_title lc rgb scen_color(2)
