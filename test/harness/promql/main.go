// promql-parse reads a JSON array of PromQL expressions on stdin and prints, as a JSON array of
// the same length, each one's parse error ("" when it parses), with Prometheus's own parser.
// Built by scripts/promql.sh; test/watch/monitoring.test.ts runs it over eksguard's alert rules
// and Grafana dashboard.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/prometheus/prometheus/promql/parser"
)

func main() {
	var exprs []string
	if err := json.NewDecoder(os.Stdin).Decode(&exprs); err != nil {
		fmt.Fprintf(os.Stderr, "promql-parse: stdin is not a JSON array of strings: %v\n", err)
		os.Exit(2)
	}
	errors := make([]string, len(exprs))
	for i, expr := range exprs {
		if _, err := parser.ParseExpr(expr); err != nil {
			errors[i] = err.Error()
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(errors); err != nil {
		os.Exit(1)
	}
}
