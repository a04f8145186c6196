# R's survey package on the same raking problem as MisterP's `mrp compare --raking`: the biased CCES sample raked
# to the full survey's margins of eth, age, educ and male, state means with linearized standard errors.
# usage: Rscript bench/raking_vs_survey.R SAMPLE FRAME OUT.csv
suppressPackageStartupMessages(library(survey))
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1], stringsAsFactors = FALSE)
f <- read.csv(a[2], stringsAsFactors = FALSE)
d$male <- as.character(d$male); f$male <- as.character(f$male)
des <- svydesign(ids = ~1, data = d, weights = ~1)
margins <- lapply(c("eth", "age", "educ", "male"), function(v) {
  t <- aggregate(f$n, list(f[[v]]), sum); names(t) <- c(v, "Freq"); t })
raked <- rake(des, list(~eth, ~age, ~educ, ~male), margins, control = list(maxit = 100, epsilon = 1e-10))
est <- svyby(~abortion, ~state, raked, svymean)
write.csv(data.frame(state = est$state, estimate = est$abortion, se = est$se), a[3], row.names = FALSE)
