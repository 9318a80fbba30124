# Read cogov run files (HDF5) into R data frames.
#
#   source("R/cogov.R")    # or the installed PREFIX/share/cogov/R/cogov.R
#   runs   <- read_runs(c("triage-s1.h5", "baseline-s1.h5"))
#   params <- read_params(c("triage-s1.h5", "baseline-s1.h5"))
#
# read_runs gives one tidy row per run, day, metric and column: run (the
# path as given), scenario, seed, day, metric, value, and community,
# channel and scope where they apply (NA elsewhere). The layout read is
# that of docs/MODEL.md section 8. hdf5r reads an HDF5 dataset [day, k]
# as an R matrix [k, day] (R is column-major), so as.vector() of it lists
# the k columns of day 0, then of day 1: the same order as the file's rows.
# Community series keep the district metric's name (matters_open) and
# number communities from 0, as in the file.
#
# read_params gives one row per run and one column per parameter key of
# /parameters, typed as stored (integer or double, logical, character).
#
# Needs hdf5r (Debian: r-cran-hdf5r). docs/READERS.md.

suppressPackageStartupMessages(library(hdf5r))

cogov_open <- function(path) {
  f <- H5File$new(path, mode = "r")
  if (!("cogov_version" %in% h5attr_names(f))) {
    f$close_all()
    stop(path, ": not a cogov run file (no cogov_version attribute)")
  }
  if (!("complete" %in% h5attr_names(f)) || h5attr(f, "complete") != 1) {
    f$close_all()
    stop(path, ": incomplete run (complete=0): the run stopped or is ",
         "still running")
  }
  f
}

# Long rows of x (a vector [day] or a matrix [k, day] as hdf5r reads
# [day, k]) with the column `col` (name) taking `labels` per k.
cogov_rows <- function(path, scenario, seed, day, metric, x, col = NULL,
                       labels = NULL) {
  k <- if (is.null(dim(x))) 1L else nrow(x)
  n <- length(day)
  if (length(x) != n * k)
    stop(path, ": ", metric, " has ", length(x), " values for ", n, " days")
  out <- data.frame(run = path, scenario = scenario, seed = seed,
                    day = rep(day, each = k), metric = metric,
                    value = as.numeric(as.vector(x)),
                    community = NA_integer_, channel = NA_character_,
                    scope = NA_character_, stringsAsFactors = FALSE)
  if (!is.null(col))
    out[[col]] <- rep(labels, times = n)
  out
}

cogov_one <- function(path) {
  f <- cogov_open(path)
  on.exit(f$close_all())
  scenario <- as.character(h5attr(f, "scenario"))
  seed <- as.numeric(h5attr(f, "seed"))
  ts <- f[["timeseries"]]
  day <- as.integer(ts[["day"]]$read())
  parts <- list()
  for (name in names(ts)) {
    if (name == "day") next
    d <- ts[[name]]
    x <- d$read()
    if (is.null(dim(x))) {
      parts[[length(parts) + 1]] <- cogov_rows(path, scenario, seed, day,
                                               name, x)
      next
    }
    a <- h5attr_names(d)
    col <- if ("channels" %in% a) "channel" else if ("scopes" %in% a)
      "scope" else stop(path, ": /timeseries/", name, " is 2-D without a ",
                        "channels or scopes attribute")
    labels <- as.character(h5attr(d, paste0(col, "s")))
    parts[[length(parts) + 1]] <- cogov_rows(path, scenario, seed, day,
                                             name, x, col, labels)
  }
  if (f$exists("communities")) {
    cg <- f[["communities"]]
    for (name in names(cg)) {
      x <- cg[[name]]$read()
      if (is.null(dim(x)))   # one community: hdf5r drops the dimension
        x <- matrix(x, nrow = 1)
      parts[[length(parts) + 1]] <- cogov_rows(
        path, scenario, seed, day, name, x, "community",
        seq_len(nrow(x)) - 1L)
    }
  }
  parts
}

# A tidy data frame of every series of the run files in paths.
read_runs <- function(paths) {
  parts <- do.call(c, lapply(as.character(paths), cogov_one))
  df <- do.call(rbind, parts)
  df$community <- as.integer(df$community)
  rownames(df) <- NULL
  df
}

# One row per run file, one column per parameter key (check.names off:
# keys keep their dots, e.g. df[["population.residents"]]).
read_params <- function(paths) {
  rows <- lapply(as.character(paths), function(path) {
    f <- cogov_open(path)
    on.exit(f$close_all())
    if (!f$exists("parameters"))
      stop(path, ": no /parameters (written by a cogov older than the ",
           "typed parameters)")
    g <- f[["parameters"]]
    keys <- h5attr_names(g)
    vals <- lapply(keys, function(k) h5attr(g, k))
    names(vals) <- keys
    data.frame(c(list(run = path), vals), check.names = FALSE,
               stringsAsFactors = FALSE)
  })
  do.call(rbind, rows)
}
