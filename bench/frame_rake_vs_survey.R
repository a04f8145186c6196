# R's survey::rake on the problem `mrp frame rake` solves: the national joint of eth × male × age × educ from the CCES
# post-stratification table, raked to three states' margins (AK, CA, TX one-way; VT with a two-way eth:age margin).
# survey's defaults stop early (maxit 10, epsilon 1), hence maxit = 1000, epsilon = 1e-10. survey reads an epsilon < 1 as a
# share of the design's total weight (its stop rule: no cell moved more than epsilon × Σ seed in a sweep), so the seed
# enters as proportions (Σ = 1; IPF's result does not depend on the seed's scale) to make that 1e-10 of a person, not
# 1e-10 × 230 million people (which stops AK 6e-8 short of the limit).
# usage: Rscript bench/frame_rake_vs_survey.R POSTSTRAT_DF.csv OUT_FOLDER   (writes joint.csv, margins.csv, survey_rake.csv)
suppressPackageStartupMessages(library(survey))
a <- commandArgs(trailingOnly = TRUE)
p <- read.csv(a[1], stringsAsFactors = FALSE)
p$male <- as.character(p$male)
joint <- aggregate(n ~ eth + male + age + educ, data = p, FUN = sum)
joint <- joint[order(joint$eth, joint$male, joint$age, joint$educ), ]
write.csv(joint, file.path(a[2], "joint.csv"), row.names = FALSE)
specs <- list(AK = list("eth", "male", "age", "educ"), CA = list("eth", "male", "age", "educ"),
              TX = list("eth", "male", "age", "educ"), VT = list("male", c("eth", "age"), "educ"))
margins <- list(); raked <- list()
for (state in names(specs)) {
  s <- p[p$state == state, ]
  pop <- lapply(specs[[state]], function(v) { t <- aggregate(s$n, s[v], sum); names(t) <- c(v, "Freq"); t })
  for (t in pop) {
    v <- setdiff(names(t), "Freq")
    margins[[length(margins) + 1]] <- data.frame(state = state, variable = paste(v, collapse = ":"),
      level = do.call(paste, c(unname(as.list(t[v])), sep = ":")), total = t$Freq)
  }
  des <- svydesign(ids = ~1, weights = ~share, data = transform(joint, share = n / sum(n)))
  r <- rake(des, lapply(specs[[state]], function(v) as.formula(paste("~", paste(v, collapse = "+")))), pop,
            control = list(maxit = 1000, epsilon = 1e-10))
  raked[[state]] <- data.frame(state = state, joint[c("eth", "male", "age", "educ")], n = weights(r))
}
write.csv(do.call(rbind, margins), file.path(a[2], "margins.csv"), row.names = FALSE)
out <- do.call(rbind, raked)
write.csv(format(out, digits = 17), file.path(a[2], "survey_rake.csv"), row.names = FALSE, quote = FALSE)
