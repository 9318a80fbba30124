# calibrate_pairs.gp: the posterior of a calibration as a pairs plot: the
# weighted histogram of each parameter on the diagonal, the particles of
# each pair of parameters below it (point size by weight), each axis over
# its prior range.
#
# Set by cogov calibrate before this script:
#   k, names[k], lo[k], hi[k], data_file (columns: the k parameters,
#   weight), fig_title

set multiplot layout k, k title fig_title font title_font
set tics font ",8"
bins = 12
do for [r=1:k] {
    do for [c=1:k] {
        if (c > r) {
            set multiplot next
        } else {
            unset key
            set xrange [lo[c]:hi[c]]
            set xtics lo[c], (hi[c] - lo[c]) / 2, hi[c]
            set xlabel (r == k ? names[c] : "") font ",9"
            if (c == r) {
                w = (hi[c] - lo[c]) / bins
                set ylabel (c == 1 ? "weight" : "") font ",9"
                set yrange [0:*]
                set ytics autofreq
                set style fill solid 0.7 border -1
                plot data_file using (lo[c] + w * (floor((column(c) - lo[c]) / w) + 0.5)):(column(k + 1)) \
                    smooth frequency with boxes lc rgb scen_color(3)
            } else {
                set yrange [lo[r]:hi[r]]
                set ytics lo[r], (hi[r] - lo[r]) / 2, hi[r]
                set ylabel (c == 1 ? names[r] : "") font ",9"
                plot data_file using c:r:(0.3 + 3 * sqrt(column(k + 1))) \
                    with points pt 7 ps variable lc rgb "#99000000"
            }
        }
    }
}
unset multiplot
