# clmm side of bench/ordinal_ml_vs_clmm.sh: fits the ordinal reference model with ordinal::clmm (Laplace, default
# control) and writes parameter,estimate,std_error (brms names) plus logLik and max |gradient|.
# usage: Rscript ordinal_ml_vs_clmm.R SAMPLE.csv OUT.csv [START.csv]
#   START.csv (parameter,estimate as mrp's summary.csv) starts clmm there instead of at its default start.
suppressMessages(library(ordinal))
a <- commandArgs(trailingOnly = TRUE)
d <- read.csv(a[1], stringsAsFactors = FALSE)
# clmm cannot take male:eth with numeric male, so the interaction groups are pasted columns: the same grouping factors.
d$male_eth <- paste(d$male, d$eth, sep = "_"); d$educ_age <- paste(d$educ, d$age, sep = "_")
f <- factor(rating, ordered = TRUE) ~ male + repvote + (1|state) + (1|eth) + (1|educ) + (1|age) + (1|male_eth) + (1|educ_age)
groups <- c(state = "state", educ_age = "educ:age", male_eth = "male:eth", age = "age", educ = "educ", eth = "eth")
m <- if (length(a) >= 3) {
  s <- read.csv(a[3], stringsAsFactors = FALSE); v <- setNames(s$estimate, s$parameter)
  fe <- v[c(sprintf("b_Intercept[%d]", 1:4), "b_male", "b_repvote")]
  # an sd at exactly 0 is clmm's boundary; start just inside it
  st <- pmax(v[sprintf("sd_%s__Intercept", groups)], 1e-3)
  clmm(f, data = d, link = "logit", start = list(unname(fe), unname(st)))
} else clmm(f, data = d, link = "logit")
co <- summary(m)$coefficients
pn <- c("1|2" = "b_Intercept[1]", "2|3" = "b_Intercept[2]", "3|4" = "b_Intercept[3]", "4|5" = "b_Intercept[4]",
  male = "b_male", repvote = "b_repvote")
vc <- VarCorr(m); sds <- setNames(sapply(vc, attr, "stddev"), names(vc))
out <- rbind(data.frame(parameter = pn[rownames(co)], estimate = co[, "Estimate"], std_error = co[, "Std. Error"]),
  data.frame(parameter = sprintf("sd_%s__Intercept", groups[names(sds)]), estimate = unname(sds), std_error = NA),
  data.frame(parameter = c("logLik", "max_grad"), estimate = c(as.numeric(logLik(m)), max(abs(m$gradient))), std_error = NA))
write.csv(out, a[2], row.names = FALSE)
