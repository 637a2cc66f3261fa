// kubelet-decode prints, for each file named on the command line, whether the kubelet would load
// it as its config file: the kubelet's own decoder (pkg/kubelet/kubeletconfig/util/codec:
// strict, then lenient for v1beta1, as `kubelet --config FILE` reads it), built from the
// Kubernetes Go modules of the local kube-apiserver (this module). One JSON line per file:
//
//	{"ok":true}   or   {"error":"..."}
//
// eksguard's differential test (test/kube-decode/kubelet-config.test.ts) checks that eksguard
// reports an input error for exactly the files the kubelet refuses to decode. Built by
// scripts/kube-decode.sh.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/runtime/serializer"

	"k8s.io/kubernetes/pkg/kubelet/apis/config/scheme"
	"k8s.io/kubernetes/pkg/kubelet/kubeletconfig/util/codec"
)

// decode reads one file as the kubelet does; the kubelet's defaulting panics on some input (an
// unknown feature gate), which stops a real kubelet too: that is a refusal like any other.
func decode(codecs *serializer.CodecFactory, data []byte) (err error) {
	defer func() {
		if recovered := recover(); recovered != nil {
			err = fmt.Errorf("panic: %v", recovered)
		}
	}()
	_, err = codec.DecodeKubeletConfiguration(context.Background(), codecs, data)
	return err
}

type answer struct {
	OK    bool   `json:"ok,omitempty"`
	Error string `json:"error,omitempty"`
}

func main() {
	_, codecs, err := scheme.NewSchemeAndCodecs()
	if err != nil {
		panic(err)
	}
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	encoder := json.NewEncoder(out)
	for _, file := range os.Args[1:] {
		result := answer{OK: true}
		data, err := os.ReadFile(file)
		if err == nil {
			err = decode(codecs, data)
		}
		if err != nil {
			result = answer{Error: err.Error()}
		}
		if err := encoder.Encode(result); err != nil {
			panic(err)
		}
	}
}
