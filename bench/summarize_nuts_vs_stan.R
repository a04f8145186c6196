# Medians over seeds of bench/results/nuts_vs_stan.csv and MisterP/Stan ratios, as a markdown table.
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
d$ess_per_grad <- d$min_ess_bulk / d$gradients
d$ess_per_sec <- d$min_ess_bulk / d$seconds
rows <- c()
for (m in unique(d$model)) {
  a <- d[d$engine == "misterp" & d$model == m, ]
  s <- d[d$engine == "stan" & d$model == m, ]
  rows <- c(rows, sprintf("| %s | %.0f / %.0f | %.4f / %.4f | **%.2f** | %.0f / %.0f | **%.1f** | %.2f s / %.2f s | %d / %d |",
    m, median(a$min_ess_bulk), median(s$min_ess_bulk), median(a$ess_per_grad), median(s$ess_per_grad),
    median(a$ess_per_grad) / median(s$ess_per_grad), median(a$ess_per_sec), median(s$ess_per_sec),
    median(a$ess_per_sec) / median(s$ess_per_sec), median(a$seconds), median(s$seconds), sum(a$divergences), sum(s$divergences)))
}
cat("| model | min bulk ESS (MisterP / Stan) | ESS per gradient | ratio | ESS per second | ratio | wall time | divergences |\n")
cat("|---|---|---|---|---|---|---|---|\n")
cat(paste(rows, collapse = "\n"), "\n")
