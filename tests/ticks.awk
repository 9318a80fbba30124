# Tick labels of an SVG drawn by gnuplot: numbers centred under a tick
# (text-anchor middle), grouped by baseline; two neighbours on one
# baseline must be a character apart (a glyph is about 0.62 em wide).
/<g transform="translate\(/ && /text-anchor="middle"/ {
    match($0, /translate\([0-9.]+,[0-9.]+\)/)
    split(substr($0, RSTART + 10, RLENGTH - 11), xy, ",")
    match($0, /font-size="[0-9.]+"/)
    fs = substr($0, RSTART + 11, RLENGTH - 12)
    getline t
    if (t ~ /<text> *-?[0-9.e+-]+<\/text>/) {
        gsub(/<[^>]*>| /, "", t)
        n = ++cnt[xy[2]]; X[xy[2], n] = xy[1]; W[xy[2], n] = length(t) * 0.62 * fs
        F = fs
    }
}
END {
    bad = 0; pairs = 0
    for (y in cnt) {
        m = cnt[y]
        for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
            if (X[y, j] < X[y, i]) { t = X[y, i]; X[y, i] = X[y, j]; X[y, j] = t; t = W[y, i]; W[y, i] = W[y, j]; W[y, j] = t }
        for (i = 1; i < m; i++) {
            pairs++
            if (X[y, i + 1] - X[y, i] < (W[y, i] + W[y, i + 1]) / 2 + 0.62 * F) { bad++; print "collide at y=" y ": " X[y, i] " " X[y, i+1] > "/dev/stderr" }
        }
    }
    print pairs, bad
}
