# style.gp: colours and the look shared by every cogov figure. Loaded
# first, after the variables cogov plot sets (see sim/post/plot.c).

# Scenarios: the Okabe-Ito palette (distinct for colour-blind readers),
# black first for the reference scenario.
array SCEN_COLOR[8] = ["#000000", "#E69F00", "#0072B2", "#009E73", \
                       "#D55E00", "#56B4E9", "#CC79A7", "#999999"]
scen_color(i) = SCEN_COLOR[(i - 1) % 8 + 1]

# Channels of resolved_by_channel, in the order of the file's columns:
# self, tie, market, community, deliberation, socorg, volunteer,
# mediation, government, units (ColorBrewer "Paired"; a run file from
# before the units channel has the first nine).
array CHAN_COLOR[10] = ["#a6cee3", "#1f78b4", "#b2df8a", "#33a02c", \
                        "#fb9a99", "#e31a1c", "#fdbf6f", "#ff7f00", \
                        "#6a3d9a", "#b15928"]
chan_color(i) = CHAN_COLOR[(i - 1) % 10 + 1]

band_opacity = 0.2
set grid lc rgb "#dddddd" lw 1
set border 3 lc rgb "#444444"
set tics out scale 0.6
set xtics nomirror
set ytics nomirror
set key noautotitle
title_font = ",15"
