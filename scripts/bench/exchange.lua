-- wrk script for scripts/bench/exchange: a granted query with its purpose and official.
wrk.headers["Authorization"] = "Bearer " .. os.getenv("EXCHANGE_TOKEN")
wrk.headers["Exchange-Purpose"] = "tax-assessment"
wrk.headers["Exchange-Official"] = "bench-official"
