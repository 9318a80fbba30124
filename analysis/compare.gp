# Four panels comparing runs; called by plot_compare.sh with
#   runs = "file.csv|label file.csv|label ..."   out = "figure.png"
set terminal pngcairo size 1400,900 font "Sans,11" noenhanced
set output out
set datafile separator ","
set datafile missing "NA"
set key top left
set grid
set multiplot layout 2,2 title "cogov scenario comparison"
file(i) = substr(word(runs, i), 1, strstrt(word(runs, i), "|") - 1)
label(i) = substr(word(runs, i), strstrt(word(runs, i), "|") + 1, 999)
n = words(runs)
set xlabel "day"
set title "Backlog"
set ylabel "open matters"
plot for [i=1:n] file(i) using "day":"matters_open" with lines lw 2 title label(i)
set title "Resolution time"
set ylabel "mean days to resolve"
plot for [i=1:n] file(i) using "day":"resolution_days_mean" with lines lw 2 title label(i)
set title "Satisfaction"
set ylabel "mean satisfaction [0-1]"
plot for [i=1:n] file(i) using "day":"satisfaction_mean" with lines lw 2 title label(i)
set title "Trust in government"
set ylabel "mean trust [0-1]"
plot for [i=1:n] file(i) using "day":"trust_gov_mean" with lines lw 2 title label(i)
unset multiplot
