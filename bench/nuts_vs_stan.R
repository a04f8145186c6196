# Stan (rstan) side of bench/nuts_vs_stan.sh: the same targets, settings and seeds as MisterP's bench
# (4 chains, 1000 warmup, 1000 draws, adapt_delta 0.8, max treedepth 10, diag_e metric, 2 cores).
# Prints CSV lines: model,seed,min_ess_bulk,min_ess_tail,max_rhat,divergences,gradients,seconds
suppressPackageStartupMessages(library(rstan))
args <- commandArgs(trailingOnly = TRUE)
seeds <- as.integer(strsplit(args[1], ",")[[1]])
models <- list(
  normal100 = list(code = "parameters { vector[100] x; } model { x ~ std_normal(); }", data = list()),
  eight_schools_nc = list(code = "
    data { int<lower=0> J; real y[J]; real<lower=0> sigma[J]; }
    parameters { real mu; real<lower=0> tau; vector[J] theta_tilde; }
    transformed parameters { vector[J] theta = mu + tau * theta_tilde; }
    model { mu ~ normal(0, 5); tau ~ cauchy(0, 5); theta_tilde ~ normal(0, 1); y ~ normal(theta, sigma); }",
    data = list(J = 8, y = c(28, 8, -3, 7, -1, 1, 18, 12), sigma = c(15, 10, 16, 11, 9, 11, 10, 18)))
)
for (name in names(models)) {
  compiled <- stan_model(model_code = models[[name]]$code, model_name = name)
  for (seed in seeds) {
    out <- tempfile(fileext = ".csv")
    wall <- system.time(fit <- sampling(compiled, data = models[[name]]$data, chains = 4, iter = 2000, warmup = 1000,
                                        seed = seed, cores = 2, refresh = 0, sample_file = out))[["elapsed"]]
    pars <- if (name == "normal100") "x" else c("mu", "tau", "theta_tilde")
    draws <- as.array(fit, pars = pars)
    ess_b <- apply(draws, 3, rstan::ess_bulk)
    ess_t <- apply(draws, 3, rstan::ess_tail)
    rhat <- apply(draws, 3, rstan::Rhat)
    sp <- get_sampler_params(fit, inc_warmup = TRUE)
    gradients <- sum(sapply(sp, function(s) sum(s[, "n_leapfrog__"])))
    divergences <- sum(sapply(get_sampler_params(fit, inc_warmup = FALSE), function(s) sum(s[, "divergent__"])))
    cat(sprintf("%s,%d,%.6f,%.6f,%.6f,%d,%d,%.4f\n", name, seed, min(ess_b), min(ess_t), max(rhat), divergences, gradients, wall))
    unlink(list.files(dirname(out), pattern = basename(sub("\\.csv$", "", out)), full.names = TRUE))
  }
}
