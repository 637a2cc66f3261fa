// kube-decode prints, for each file named on the command line, the objects that kubectl
// would read from it: the same reader kubectl uses for `kubectl apply -f FILE` (cli-runtime's
// resource builder: BOM handling, the YAML-or-JSON stream decoder, sigs.k8s.io/yaml and list
// flattening), in local mode so that no API server is needed. One JSON line per file:
//
//	{"objects":[...]}   or   {"error":"..."}
//
// eksguard's differential test (src/sources/manifests/kube-decode.test.ts) compares its own
// decoding with these lines. Built from the Go modules by scripts/kube-decode.sh.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/cli-runtime/pkg/resource"
)

type answer struct {
	Objects []map[string]interface{} `json:"objects,omitempty"`
	Error   string                   `json:"error,omitempty"`
}

func decodeFile(file string) answer {
	infos, err := resource.NewLocalBuilder().
		Unstructured().
		Path(false, file).
		Flatten().
		Do().
		Infos()
	if err != nil {
		return answer{Error: err.Error()}
	}
	objects := make([]map[string]interface{}, 0, len(infos))
	for _, info := range infos {
		object, ok := info.Object.(*unstructured.Unstructured)
		if !ok {
			return answer{Error: fmt.Sprintf("unexpected object type %T", info.Object)}
		}
		objects = append(objects, object.Object)
	}
	return answer{Objects: objects}
}

func main() {
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	encoder := json.NewEncoder(out)
	for _, file := range os.Args[1:] {
		if err := encoder.Encode(decodeFile(file)); err != nil {
			// NaN cannot reach here: sigs.k8s.io/yaml already refuses it
			encoder.Encode(answer{Error: "cannot encode the decoded objects: " + err.Error()})
		}
	}
}
