// kube-schema prints, as OpenAPI-style definitions, the Go types of the kinds that Kubernetes
// components read from files rather than from the API server, and so the API server's
// swagger.json does not describe: the kubelet's kubelet.config.k8s.io group (KubeletConfiguration,
// CredentialProviderConfig, ...). scripts/generate-kube-schema.mjs merges them into the table of
// built-in kinds eksguard checks manifests against. It walks the registered Go types with
// reflection, as the components' JSON decoders (sigs.k8s.io/json) will read them: json tags,
// inline structs, pointers, and the types with their own JSON form (Duration, Quantity, Time).
// Built from the Go modules (no prebuilt binary) by `node scripts/generate-kube-schema.mjs`.
package main

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/util/intstr"
	logsapi "k8s.io/component-base/logs/api/v1"
	kubeletv1 "k8s.io/kubelet/config/v1"
	kubeletv1alpha1 "k8s.io/kubelet/config/v1alpha1"
	kubeletv1beta1 "k8s.io/kubelet/config/v1beta1"
)

type schema map[string]interface{}

var (
	definitions = map[string]schema{}
	special     = map[reflect.Type]schema{
		reflect.TypeOf(metav1.Duration{}):        {"type": "string", "format": "duration"},
		reflect.TypeOf(metav1.Time{}):            {"type": "string", "format": "date-time"},
		reflect.TypeOf(metav1.MicroTime{}):       {"type": "string", "format": "date-time"},
		reflect.TypeOf(resource.Quantity{}):      {"$ref": "#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity"},
		reflect.TypeOf(resource.QuantityValue{}): {"$ref": "#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity"},
		reflect.TypeOf(intstr.IntOrString{}):     {"type": "string", "format": "int-or-string"},
		reflect.TypeOf(runtime.RawExtension{}):   {},
		reflect.TypeOf(json.RawMessage{}):        {},
		// a Go duration string, or an integer of nanoseconds
		reflect.TypeOf(logsapi.TimeOrMetaDuration{}): {"type": "string", "format": "duration-or-nanoseconds"},
	}
	unmarshaler = reflect.TypeOf((*json.Unmarshaler)(nil)).Elem()
)

func definitionName(t reflect.Type) string {
	return strings.ReplaceAll(t.PkgPath(), "/", ".") + "." + t.Name()
}

func schemaOf(t reflect.Type) schema {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if s, ok := special[t]; ok {
		return s
	}
	if reflect.PointerTo(t).Implements(unmarshaler) {
		// its JSON form is its own: describe it in special, or the table would be wrong
		panic("a type with its own JSON decoding is not described: " + t.String())
	}
	switch t.Kind() {
	case reflect.Bool:
		return schema{"type": "boolean"}
	case reflect.String:
		return schema{"type": "string"}
	case reflect.Int32, reflect.Int16, reflect.Int8:
		return schema{"type": "integer", "format": "int32"}
	case reflect.Int, reflect.Int64:
		return schema{"type": "integer", "format": "int64"}
	case reflect.Uint32, reflect.Uint16, reflect.Uint8:
		return schema{"type": "integer", "format": "uint32"}
	case reflect.Uint, reflect.Uint64:
		return schema{"type": "integer", "format": "uint64"}
	case reflect.Float32, reflect.Float64:
		return schema{"type": "number"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return schema{"type": "string", "format": "byte"}
		}
		return schema{"type": "array", "items": schemaOf(t.Elem())}
	case reflect.Map:
		return schema{"type": "object", "additionalProperties": schemaOf(t.Elem())}
	case reflect.Struct:
		name := definitionName(t)
		if _, seen := definitions[name]; !seen {
			properties := schema{}
			definitions[name] = schema{"properties": properties}
			addFields(t, properties)
		}
		return schema{"$ref": "#/definitions/" + name}
	default:
		return schema{}
	}
}

func addFields(t reflect.Type, properties schema) {
	for i := 0; i < t.NumField(); i++ {
		field := t.Field(i)
		tag := field.Tag.Get("json")
		name, options, _ := strings.Cut(tag, ",")
		if name == "-" || (!field.IsExported() && !field.Anonymous) {
			continue
		}
		if field.Anonymous && (name == "" || strings.Contains(options, "inline")) {
			embedded := field.Type
			for embedded.Kind() == reflect.Pointer {
				embedded = embedded.Elem()
			}
			if embedded.Kind() == reflect.Struct {
				addFields(embedded, properties)
				continue
			}
		}
		if name == "" {
			name = field.Name
		}
		properties[name] = schemaOf(field.Type)
	}
}

func main() {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{kubeletv1.AddToScheme, kubeletv1alpha1.AddToScheme, kubeletv1beta1.AddToScheme} {
		if err := add(scheme); err != nil {
			panic(err)
		}
	}
	known := scheme.AllKnownTypes()
	gvks := make([]string, 0, len(known))
	byName := map[string]reflect.Type{}
	for gvk, t := range known {
		if gvk.Group == "" || strings.HasSuffix(gvk.Kind, "List") {
			continue // the meta types every scheme registers
		}
		key := gvk.Group + "/" + gvk.Version + "/" + gvk.Kind
		gvks = append(gvks, key)
		byName[key] = t
	}
	sort.Strings(gvks)
	for _, key := range gvks {
		parts := strings.SplitN(key, "/", 3)
		t := byName[key]
		schemaOf(t)
		definition := definitions[definitionName(t)]
		list, _ := definition["x-kubernetes-group-version-kind"].([]schema)
		definition["x-kubernetes-group-version-kind"] = append(list, schema{"group": parts[0], "version": parts[1], "kind": parts[2]})
	}
	encoder := json.NewEncoder(os.Stdout)
	encoder.SetIndent("", " ")
	if err := encoder.Encode(map[string]interface{}{"definitions": definitions}); err != nil {
		panic(err)
	}
}
