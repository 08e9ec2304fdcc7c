/* Generated from schemas/*.schema.json by scripts/generate.mjs (ajv standalone). Do not edit: run `npm run generate`. */
// @ts-nocheck
/* eslint-disable */
import runtime0Import from 'ajv/dist/runtime/ucs2length.js';
const runtime0 = typeof runtime0Import === 'function' ? { default: runtime0Import } : runtime0Import;

export const validateConfig = validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://kustodian.dev/schemas/config.schema.json","title":"Config","description":"kustodian configuration: the kustodian.yaml file in an app directory, the KRM functionConfig, and (through x-kustodian-parameter) the ArgoCD plugin parameters and KUSTODIAN_* env vars.","type":"object","additionalProperties":false,"required":["apiVersion","kind"],"properties":{"apiVersion":{"const":"kustodian.dev/v1alpha1"},"kind":{"const":"Config"},"metadata":{"description":"Ignored; allowed so that the file can double as a KRM functionConfig.","type":"object","additionalProperties":true},"kustomize":{"description":"How kustomize is run.","type":"object","additionalProperties":false,"properties":{"enableHelm":{"description":"Pass --enable-helm to kustomize.","type":"boolean","default":false,"x-kustodian-parameter":"enable-helm"},"loadRestrictor":{"description":"Pass --load-restrictor to kustomize: root (LoadRestrictionsRootOnly) or none (LoadRestrictionsNone).","type":"string","enum":["root","none"],"x-kustodian-parameter":"load-restrictor"},"edit":{"description":"Argo CD's spec.source.kustomize options, under the same field names, for an Application that moves from `kustomize:` to `plugin:`. kustodian applies them as Argo CD does (in its order, with `kustomize edit` semantics and its envsubst of the ARGOCD_APP_* build variables) to a private copy of the overlay, never to the tree itself (docs/argocd.md, \"Argo CD's kustomize options\").","type":"object","additionalProperties":false,"properties":{"namePrefix":{"description":"`kustomize edit set nameprefix`: the overlay's namePrefix is replaced.","type":"string","maxLength":253,"x-kustodian-parameter":"name-prefix"},"nameSuffix":{"description":"`kustomize edit set namesuffix`: the overlay's nameSuffix is replaced.","type":"string","maxLength":253,"x-kustodian-parameter":"name-suffix"},"images":{"description":"`kustomize edit set image`, each entry in Argo CD's syntax [old=]new[:tag][@digest] after envsubst: it replaces the overlay's own images entry of that name, or adds one.","type":"array","maxItems":1000,"items":{"type":"string","minLength":1,"maxLength":4096,"pattern":"^(?:[^=]*=.+|/[^=]*[:@][^=]*|[^/=]+/[^=]*[:@][^=]*|[^/=]*[:@][^/=]*)$"},"x-kustodian-parameter":"images"},"replicas":{"description":"`kustomize edit set replicas`, each entry name=count: it replaces the overlay's replicas entry of that name, or adds one.","type":"array","maxItems":1000,"items":{"type":"string","maxLength":400,"pattern":"^[^=]+=\\+?[0-9]{1,9}$"},"x-kustodian-parameter":"replicas"},"commonLabels":{"description":"`kustomize edit add label`, values after envsubst: merged into the overlay's commonLabels (its labels with label-without-selector); a key the overlay already sets is an error unless force-common-labels.","type":"object","propertyNames":{"minLength":1,"maxLength":317,"pattern":"^[^:]+$"},"additionalProperties":{"type":"string","maxLength":262144},"x-kustodian-parameter":"common-labels"},"forceCommonLabels":{"description":"Let common-labels replace a label the overlay already sets (`--force`).","type":"boolean","x-kustodian-parameter":"force-common-labels"},"labelWithoutSelector":{"description":"Add common-labels as a `labels` entry without selectors (`--without-selector`).","type":"boolean","x-kustodian-parameter":"label-without-selector"},"labelIncludeTemplates":{"description":"With label-without-selector, also add common-labels to pod templates (`--include-templates`).","type":"boolean","x-kustodian-parameter":"label-include-templates"},"commonAnnotations":{"description":"`kustomize edit add annotation`: merged into the overlay's commonAnnotations; a key the overlay already sets is an error unless force-common-annotations.","type":"object","propertyNames":{"minLength":1,"maxLength":317,"pattern":"^[^:]+$"},"additionalProperties":{"type":"string","maxLength":262144},"x-kustodian-parameter":"common-annotations"},"forceCommonAnnotations":{"description":"Let common-annotations replace an annotation the overlay already sets (`--force`).","type":"boolean","x-kustodian-parameter":"force-common-annotations"},"commonAnnotationsEnvsubst":{"description":"Substitute the ARGOCD_APP_* build variables in common-annotations values too.","type":"boolean","x-kustodian-parameter":"common-annotations-envsubst"},"namespace":{"description":"`kustomize edit set namespace`: the overlay's namespace is replaced.","type":"string","pattern":"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$","x-kustodian-parameter":"kustomize-namespace"},"patches":{"description":"Patches appended to the overlay's patches: a YAML (or JSON) list of {path, patch, target, options}, as in the Application.","anyOf":[{"type":"string","maxLength":1048576},{"type":"array","maxItems":1000,"items":{"type":"object"}}],"x-kustodian-parameter":"patches"},"components":{"description":"`kustomize edit add component`: appended to the overlay's components (paths relative to the overlay; glob patterns expand). A missing one is an error unless ignore-missing-components.","type":"array","maxItems":1000,"items":{"type":"string","minLength":1,"maxLength":4096},"x-kustodian-parameter":"components"},"ignoreMissingComponents":{"description":"Leave out components that do not exist in the repository instead of failing.","type":"boolean","x-kustodian-parameter":"ignore-missing-components"}}}}},"podTemplates":{"description":"Extra kinds (usually CRDs) that carry a PodSpec, with the dotted path to it.","type":"array","items":{"type":"object","additionalProperties":false,"required":["kind","path"],"properties":{"apiVersion":{"description":"group/version; any when omitted.","type":"string"},"kind":{"description":"The kind that carries the PodSpec.","type":"string","minLength":1},"path":{"description":"Dotted path to the PodSpec, e.g. spec.jobTargetRef.template.spec.","type":"string","pattern":"^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$"}}}},"checks":{"description":"Switches for the validator steps.","type":"object","additionalProperties":false,"properties":{"secretRefs":{"description":"Check that referenced Secrets and their keys exist.","type":"string","enum":["on","off"],"default":"on","x-kustodian-parameter":"secret-refs"},"configMapRefs":{"description":"Check that referenced ConfigMaps and their keys exist.","type":"string","enum":["on","off"],"default":"on","x-kustodian-parameter":"configmap-refs"},"sops":{"description":"Refuse resources that still carry a SOPS \"sops:\" block (ciphertext ArgoCD would apply).","type":"string","enum":["on","off"],"default":"on","x-kustodian-parameter":"sops"},"missingObjects":{"description":"Severity of a reference to an object that nothing in the render provides.","type":"string","enum":["error","warning"],"default":"error","x-kustodian-parameter":"missing-objects"},"possibleRuntimeObjects":{"description":"Severity of a reference to an object that nothing in the render defines, when a workload in its namespace may create it (its ServiceAccount is bound to a Role allowing create) but nothing names the object.","type":"string","enum":["warning","error"],"default":"warning","x-kustodian-parameter":"possible-runtime-objects"},"api":{"description":"Check the render against the destination's Kubernetes API: removed, deprecated and unserved apiVersions, schemas (built-in kinds and CRDs in the render), and the API server's own validation rules.","type":"string","enum":["on","off"],"default":"on","x-kustodian-parameter":"api"},"unknownFields":{"description":"Severity of a field the kind's schema does not have. Argo CD's sync applies with Strict field validation by default (gitops-engine), so an unknown field fails the sync: error. warning reports it without failing; off stops reporting it.","type":"string","enum":["error","warning","off"],"default":"error","x-kustodian-parameter":"unknown-fields"}}},"kubernetes":{"description":"The destination cluster the api step checks against. --kube-version and --api-versions override these, and so do KUBE_VERSION and KUBE_API_VERSIONS, which Argo CD sets for a plugin from the destination cluster.","type":"object","additionalProperties":false,"properties":{"version":{"description":"Kubernetes version, e.g. \"1.31\" or \"1.30.2\" (quote it: 1.30 unquoted is the number 1.3). Without one, the newest bundled schemas are used.","type":"string","pattern":"^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+][0-9A-Za-z.+-]*)?$"},"apiVersions":{"description":"The APIs the destination serves, as Argo CD's KUBE_API_VERSIONS lists them: group/version (apps/v1, v1) and group/version/Kind (apps/v1/Deployment, v1/Pod). When set, an apiVersion/kind the list lacks and no CRD in the render defines is an error.","type":"array","items":{"type":"string","pattern":"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+[a-z0-9]*(/[A-Za-z][A-Za-z0-9]*)?$"}}}},"external":{"description":"Secrets and ConfigMaps created outside the render: by hand, Vault, an operator. name and namespace may be globs (* and ?); no namespace means any namespace; no keys means any key.","type":"array","items":{"type":"object","additionalProperties":false,"required":["kind","name"],"properties":{"kind":{"description":"The kind of object declared.","type":"string","enum":["Secret","ConfigMap"]},"name":{"description":"The object's name, or a glob over names (* and ?).","type":"string","minLength":1},"namespace":{"description":"The namespace, or a glob; any namespace when omitted.","type":"string","minLength":1},"keys":{"description":"The keys the object has; any key when omitted.","type":"array","items":{"type":"string"}}}}},"secrets":{"description":"Where referenced Secrets and ConfigMaps come from when no manifest in the render provides them.","type":"object","additionalProperties":false,"properties":{"external":{"description":"Deprecated: use the top-level external list (with kind). Secrets (and, with kind: ConfigMap, ConfigMaps) created outside the render: by hand, Vault, an operator. name and namespace may be globs (* and ?); no namespace means any namespace; no keys means any key.","type":"array","items":{"type":"object","additionalProperties":false,"required":["name"],"properties":{"name":{"description":"The object's name, or a glob over names (* and ?).","type":"string","minLength":1},"namespace":{"description":"The namespace, or a glob; any namespace when omitted.","type":"string","minLength":1},"keys":{"description":"The keys the object has; any key when omitted.","type":"array","items":{"type":"string"}},"kind":{"description":"Which kind of object this declares.","type":"string","enum":["Secret","ConfigMap"],"default":"Secret"}}},"deprecated":true}}},"pgdata":{"description":"The PGDATA step for official-family Postgres images.","type":"object","additionalProperties":false,"properties":{"enabled":{"type":"boolean","default":true,"x-kustodian-parameter":"pgdata","description":"Inject PGDATA into official-family Postgres containers whose volume is mounted on the data directory."},"guard":{"description":"Add an init container that refuses to start when a database sits at the volume root.","type":"boolean","default":true,"x-kustodian-parameter":"pgdata-guard"},"images":{"description":"Extra image name patterns (globs over the repository path) to treat as official-family Postgres.","type":"array","items":{"type":"string","minLength":1}}}},"images":{"description":"Digest pinning and platform verification.","type":"object","additionalProperties":false,"properties":{"pin":{"description":"How images are pinned to digests: resolve (the lock file, else the registry), locked (the lock file only), off (no pinning, no platform check).","type":"string","enum":["resolve","locked","off"],"default":"resolve","x-kustodian-parameter":"pin"},"offline":{"description":"Ask no registry and read no cache: image facts come only from the lock file and from digests written in the manifests. An image the lock has no entry for (a tag, or a digest the lock records no facts for) is then IMAGE_NOT_LOCKED. For air-gapped sidecars and sidecars without registry credentials. `kustodian pin` ignores it.","type":"boolean","default":false,"x-kustodian-parameter":"offline"},"platforms":{"description":"Platforms every image must support, as os/arch[/variant]. At least one: an empty list would switch the check off unnoticed.","type":"array","minItems":1,"items":{"type":"string","pattern":"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$"},"default":["linux/amd64"],"x-kustodian-parameter":"platforms"},"paths":{"description":"Extra image fields to pin, besides containers, init and ephemeral containers and Pod image volumes. `kind` (and optionally `apiVersion`) selects resources; `path` is dotted from the resource root, with `[]` after a key to visit every item of that array, e.g. `spec.components[].image` or `spec.image`. Each field found must hold an image reference string.","type":"array","items":{"type":"object","additionalProperties":false,"required":["kind","path"],"properties":{"apiVersion":{"description":"group/version; any when omitted.","type":"string"},"kind":{"description":"The kind that carries the image field.","type":"string","minLength":1},"path":{"description":"Dotted path to the image string.","type":"string","minLength":1}}}},"insecureRegistries":{"description":"Registry hosts (host[:port]) that may be reached over plain HTTP besides loopback.","type":"array","items":{"type":"string","minLength":1}},"concurrency":{"description":"Concurrent requests per registry.","type":"integer","minimum":1,"maximum":64,"default":8},"requestTimeoutSeconds":{"description":"Timeout for one registry request.","type":"number","exclusiveMinimum":0,"default":10},"budgetSeconds":{"description":"Time budget for all registry work in one run.","type":"number","exclusiveMinimum":0,"default":45},"retryBaseSeconds":{"description":"First pause before retrying a registry request that failed with 429, 5xx, a timeout or a network error; doubled for each of the 3 retries, with ±10 % jitter. A Retry-After header takes precedence.","type":"number","minimum":0,"maximum":60,"default":0.5},"tagTTLSeconds":{"description":"How long a cached tag→digest answer stays fresh.","type":"number","minimum":0,"default":300}}},"flyway":{"description":"The flyway-versions step: duplicate and misnamed Flyway migrations in these directories and in ConfigMaps of the render. The naming keys mirror Flyway's own settings of the same name; set them only when the app changes them.","type":"object","additionalProperties":false,"properties":{"locations":{"description":"Migration directories, relative to kustodian.yaml, inside the repository (a leading filesystem: is accepted), scanned recursively like Flyway's filesystem locations. The directories listed directly form one location set, as Flyway's own locations do: a version may appear only once across them. A nested list is a set of its own, for an overlay that deploys several apps with separate migrations.","type":"array","items":{"anyOf":[{"type":"string","minLength":1},{"type":"array","minItems":1,"items":{"type":"string","minLength":1}}]}},"sqlMigrationPrefix":{"description":"Prefix of versioned migrations (Flyway sqlMigrationPrefix).","type":"string","minLength":1,"default":"V"},"undoSqlMigrationPrefix":{"description":"Prefix of undo migrations (Flyway Teams undoSqlMigrationPrefix); an undo may share its version with a versioned migration.","type":"string","minLength":1,"default":"U"},"baselineMigrationPrefix":{"description":"Prefix of baseline migrations (Flyway baselineMigrationPrefix).","type":"string","minLength":1,"default":"B"},"repeatableSqlMigrationPrefix":{"description":"Prefix of repeatable migrations (Flyway repeatableSqlMigrationPrefix).","type":"string","minLength":1,"default":"R"},"sqlMigrationSeparator":{"description":"Separator between version and description (Flyway sqlMigrationSeparator).","type":"string","minLength":1,"default":"__"},"sqlMigrationSuffixes":{"description":"File suffixes of SQL migrations, matched case-insensitively (Flyway sqlMigrationSuffixes).","type":"array","minItems":1,"items":{"type":"string","minLength":1},"default":[".sql"]}}},"cache":{"description":"Caches shared between kustodian processes beyond the local disk cache.","type":"object","additionalProperties":false,"properties":{"redis":{"description":"A resolution cache (tag→digest answers, manifest and image-config facts) in Redis, shared by every replica that points at the same server, e.g. Argo CD's own Redis. Used only when `url` or the env KUSTODIAN_REDIS_URL names a server; the password comes only from the env KUSTODIAN_REDIS_PASSWORD. Redis is only a cache: when it is down, slow or refuses the password, the run goes on from the disk cache and the registry, with one warning.","type":"object","additionalProperties":false,"properties":{"url":{"description":"redis://host:port[/db], rediss://host:port[/db] for TLS, or host:port. KUSTODIAN_REDIS_URL takes precedence. Must not contain a password.","type":"string","minLength":1,"pattern":"^(?!.*://[^/@]*:[^/@]*@)"},"keyPrefix":{"description":"Prefix of every key kustodian writes, followed by a format version (kustodian:v1:tag:…).","type":"string","pattern":"^[A-Za-z0-9._:-]{1,64}$","default":"kustodian"},"timeoutMilliseconds":{"description":"Timeout for connecting and for each command; past it Redis is skipped for the rest of the run.","type":"integer","minimum":10,"maximum":10000,"default":300}}}}}}};
const func2 = Object.prototype.hasOwnProperty;
const func4 = runtime0.default;
const pattern0 = new RegExp("^(?:[^=]*=.+|/[^=]*[:@][^=]*|[^/=]+/[^=]*[:@][^=]*|[^/=]*[:@][^/=]*)$", "u");
const pattern1 = new RegExp("^[^=]+=\\+?[0-9]{1,9}$", "u");
const pattern2 = new RegExp("^[^:]+$", "u");
const pattern4 = new RegExp("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", "u");
const pattern5 = new RegExp("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$", "u");
const pattern6 = new RegExp("^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+][0-9A-Za-z.+-]*)?$", "u");
const pattern7 = new RegExp("^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+[a-z0-9]*(/[A-Za-z][A-Za-z0-9]*)?$", "u");
const pattern8 = new RegExp("^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$", "u");
const pattern9 = new RegExp("^(?!.*://[^/@]*:[^/@]*@)", "u");
const pattern10 = new RegExp("^[A-Za-z0-9._:-]{1,64}$", "u");

function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://kustodian.dev/schemas/config.schema.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema11.properties, key0))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.apiVersion !== undefined){
if("kustodian.dev/v1alpha1" !== data.apiVersion){
const err3 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "kustodian.dev/v1alpha1"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.kind !== undefined){
if("Config" !== data.kind){
const err4 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Config"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.metadata !== undefined){
let data2 = data.metadata;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
}
else {
const err5 = {instancePath:instancePath+"/metadata",schemaPath:"#/properties/metadata/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.kustomize !== undefined){
let data3 = data.kustomize;
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
for(const key1 in data3){
if(!(((key1 === "enableHelm") || (key1 === "loadRestrictor")) || (key1 === "edit"))){
const err6 = {instancePath:instancePath+"/kustomize",schemaPath:"#/properties/kustomize/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data3.enableHelm !== undefined){
if(typeof data3.enableHelm !== "boolean"){
const err7 = {instancePath:instancePath+"/kustomize/enableHelm",schemaPath:"#/properties/kustomize/properties/enableHelm/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data3.loadRestrictor !== undefined){
let data5 = data3.loadRestrictor;
if(typeof data5 !== "string"){
const err8 = {instancePath:instancePath+"/kustomize/loadRestrictor",schemaPath:"#/properties/kustomize/properties/loadRestrictor/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(!((data5 === "root") || (data5 === "none"))){
const err9 = {instancePath:instancePath+"/kustomize/loadRestrictor",schemaPath:"#/properties/kustomize/properties/loadRestrictor/enum",keyword:"enum",params:{allowedValues: schema11.properties.kustomize.properties.loadRestrictor.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data3.edit !== undefined){
let data6 = data3.edit;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
for(const key2 in data6){
if(!(func2.call(schema11.properties.kustomize.properties.edit.properties, key2))){
const err10 = {instancePath:instancePath+"/kustomize/edit",schemaPath:"#/properties/kustomize/properties/edit/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data6.namePrefix !== undefined){
let data7 = data6.namePrefix;
if(typeof data7 === "string"){
if(func4(data7) > 253){
const err11 = {instancePath:instancePath+"/kustomize/edit/namePrefix",schemaPath:"#/properties/kustomize/properties/edit/properties/namePrefix/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/kustomize/edit/namePrefix",schemaPath:"#/properties/kustomize/properties/edit/properties/namePrefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data6.nameSuffix !== undefined){
let data8 = data6.nameSuffix;
if(typeof data8 === "string"){
if(func4(data8) > 253){
const err13 = {instancePath:instancePath+"/kustomize/edit/nameSuffix",schemaPath:"#/properties/kustomize/properties/edit/properties/nameSuffix/maxLength",keyword:"maxLength",params:{limit: 253},message:"must NOT have more than 253 characters"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/kustomize/edit/nameSuffix",schemaPath:"#/properties/kustomize/properties/edit/properties/nameSuffix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data6.images !== undefined){
let data9 = data6.images;
if(Array.isArray(data9)){
if(data9.length > 1000){
const err15 = {instancePath:instancePath+"/kustomize/edit/images",schemaPath:"#/properties/kustomize/properties/edit/properties/images/maxItems",keyword:"maxItems",params:{limit: 1000},message:"must NOT have more than 1000 items"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
const len0 = data9.length;
for(let i0=0; i0<len0; i0++){
let data10 = data9[i0];
if(typeof data10 === "string"){
if(func4(data10) > 4096){
const err16 = {instancePath:instancePath+"/kustomize/edit/images/" + i0,schemaPath:"#/properties/kustomize/properties/edit/properties/images/items/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(func4(data10) < 1){
const err17 = {instancePath:instancePath+"/kustomize/edit/images/" + i0,schemaPath:"#/properties/kustomize/properties/edit/properties/images/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
if(!pattern0.test(data10)){
const err18 = {instancePath:instancePath+"/kustomize/edit/images/" + i0,schemaPath:"#/properties/kustomize/properties/edit/properties/images/items/pattern",keyword:"pattern",params:{pattern: "^(?:[^=]*=.+|/[^=]*[:@][^=]*|[^/=]+/[^=]*[:@][^=]*|[^/=]*[:@][^/=]*)$"},message:"must match pattern \""+"^(?:[^=]*=.+|/[^=]*[:@][^=]*|[^/=]+/[^=]*[:@][^=]*|[^/=]*[:@][^/=]*)$"+"\""};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
else {
const err19 = {instancePath:instancePath+"/kustomize/edit/images/" + i0,schemaPath:"#/properties/kustomize/properties/edit/properties/images/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/kustomize/edit/images",schemaPath:"#/properties/kustomize/properties/edit/properties/images/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data6.replicas !== undefined){
let data11 = data6.replicas;
if(Array.isArray(data11)){
if(data11.length > 1000){
const err21 = {instancePath:instancePath+"/kustomize/edit/replicas",schemaPath:"#/properties/kustomize/properties/edit/properties/replicas/maxItems",keyword:"maxItems",params:{limit: 1000},message:"must NOT have more than 1000 items"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
const len1 = data11.length;
for(let i1=0; i1<len1; i1++){
let data12 = data11[i1];
if(typeof data12 === "string"){
if(func4(data12) > 400){
const err22 = {instancePath:instancePath+"/kustomize/edit/replicas/" + i1,schemaPath:"#/properties/kustomize/properties/edit/properties/replicas/items/maxLength",keyword:"maxLength",params:{limit: 400},message:"must NOT have more than 400 characters"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
if(!pattern1.test(data12)){
const err23 = {instancePath:instancePath+"/kustomize/edit/replicas/" + i1,schemaPath:"#/properties/kustomize/properties/edit/properties/replicas/items/pattern",keyword:"pattern",params:{pattern: "^[^=]+=\\+?[0-9]{1,9}$"},message:"must match pattern \""+"^[^=]+=\\+?[0-9]{1,9}$"+"\""};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
else {
const err24 = {instancePath:instancePath+"/kustomize/edit/replicas/" + i1,schemaPath:"#/properties/kustomize/properties/edit/properties/replicas/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
else {
const err25 = {instancePath:instancePath+"/kustomize/edit/replicas",schemaPath:"#/properties/kustomize/properties/edit/properties/replicas/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
if(data6.commonLabels !== undefined){
let data13 = data6.commonLabels;
if(data13 && typeof data13 == "object" && !Array.isArray(data13)){
for(const key3 in data13){
const _errs38 = errors;
if(typeof key3 === "string"){
if(func4(key3) > 317){
const err26 = {instancePath:instancePath+"/kustomize/edit/commonLabels",schemaPath:"#/properties/kustomize/properties/edit/properties/commonLabels/propertyNames/maxLength",keyword:"maxLength",params:{limit: 317},message:"must NOT have more than 317 characters",propertyName:key3};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
if(func4(key3) < 1){
const err27 = {instancePath:instancePath+"/kustomize/edit/commonLabels",schemaPath:"#/properties/kustomize/properties/edit/properties/commonLabels/propertyNames/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",propertyName:key3};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
if(!pattern2.test(key3)){
const err28 = {instancePath:instancePath+"/kustomize/edit/commonLabels",schemaPath:"#/properties/kustomize/properties/edit/properties/commonLabels/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[^:]+$"},message:"must match pattern \""+"^[^:]+$"+"\"",propertyName:key3};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
var valid7 = _errs38 === errors;
if(!valid7){
const err29 = {instancePath:instancePath+"/kustomize/edit/commonLabels",schemaPath:"#/properties/kustomize/properties/edit/properties/commonLabels/propertyNames",keyword:"propertyNames",params:{propertyName: key3},message:"property name must be valid"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
}
for(const key4 in data13){
let data14 = data13[key4];
if(typeof data14 === "string"){
if(func4(data14) > 262144){
const err30 = {instancePath:instancePath+"/kustomize/edit/commonLabels/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/kustomize/properties/edit/properties/commonLabels/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 262144},message:"must NOT have more than 262144 characters"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
else {
const err31 = {instancePath:instancePath+"/kustomize/edit/commonLabels/" + key4.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/kustomize/properties/edit/properties/commonLabels/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
}
}
else {
const err32 = {instancePath:instancePath+"/kustomize/edit/commonLabels",schemaPath:"#/properties/kustomize/properties/edit/properties/commonLabels/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err32];
}
else {
vErrors.push(err32);
}
errors++;
}
}
if(data6.forceCommonLabels !== undefined){
if(typeof data6.forceCommonLabels !== "boolean"){
const err33 = {instancePath:instancePath+"/kustomize/edit/forceCommonLabels",schemaPath:"#/properties/kustomize/properties/edit/properties/forceCommonLabels/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err33];
}
else {
vErrors.push(err33);
}
errors++;
}
}
if(data6.labelWithoutSelector !== undefined){
if(typeof data6.labelWithoutSelector !== "boolean"){
const err34 = {instancePath:instancePath+"/kustomize/edit/labelWithoutSelector",schemaPath:"#/properties/kustomize/properties/edit/properties/labelWithoutSelector/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err34];
}
else {
vErrors.push(err34);
}
errors++;
}
}
if(data6.labelIncludeTemplates !== undefined){
if(typeof data6.labelIncludeTemplates !== "boolean"){
const err35 = {instancePath:instancePath+"/kustomize/edit/labelIncludeTemplates",schemaPath:"#/properties/kustomize/properties/edit/properties/labelIncludeTemplates/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err35];
}
else {
vErrors.push(err35);
}
errors++;
}
}
if(data6.commonAnnotations !== undefined){
let data18 = data6.commonAnnotations;
if(data18 && typeof data18 == "object" && !Array.isArray(data18)){
for(const key5 in data18){
const _errs54 = errors;
if(typeof key5 === "string"){
if(func4(key5) > 317){
const err36 = {instancePath:instancePath+"/kustomize/edit/commonAnnotations",schemaPath:"#/properties/kustomize/properties/edit/properties/commonAnnotations/propertyNames/maxLength",keyword:"maxLength",params:{limit: 317},message:"must NOT have more than 317 characters",propertyName:key5};
if(vErrors === null){
vErrors = [err36];
}
else {
vErrors.push(err36);
}
errors++;
}
if(func4(key5) < 1){
const err37 = {instancePath:instancePath+"/kustomize/edit/commonAnnotations",schemaPath:"#/properties/kustomize/properties/edit/properties/commonAnnotations/propertyNames/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters",propertyName:key5};
if(vErrors === null){
vErrors = [err37];
}
else {
vErrors.push(err37);
}
errors++;
}
if(!pattern2.test(key5)){
const err38 = {instancePath:instancePath+"/kustomize/edit/commonAnnotations",schemaPath:"#/properties/kustomize/properties/edit/properties/commonAnnotations/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[^:]+$"},message:"must match pattern \""+"^[^:]+$"+"\"",propertyName:key5};
if(vErrors === null){
vErrors = [err38];
}
else {
vErrors.push(err38);
}
errors++;
}
}
var valid9 = _errs54 === errors;
if(!valid9){
const err39 = {instancePath:instancePath+"/kustomize/edit/commonAnnotations",schemaPath:"#/properties/kustomize/properties/edit/properties/commonAnnotations/propertyNames",keyword:"propertyNames",params:{propertyName: key5},message:"property name must be valid"};
if(vErrors === null){
vErrors = [err39];
}
else {
vErrors.push(err39);
}
errors++;
}
}
for(const key6 in data18){
let data19 = data18[key6];
if(typeof data19 === "string"){
if(func4(data19) > 262144){
const err40 = {instancePath:instancePath+"/kustomize/edit/commonAnnotations/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/kustomize/properties/edit/properties/commonAnnotations/additionalProperties/maxLength",keyword:"maxLength",params:{limit: 262144},message:"must NOT have more than 262144 characters"};
if(vErrors === null){
vErrors = [err40];
}
else {
vErrors.push(err40);
}
errors++;
}
}
else {
const err41 = {instancePath:instancePath+"/kustomize/edit/commonAnnotations/" + key6.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/kustomize/properties/edit/properties/commonAnnotations/additionalProperties/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err41];
}
else {
vErrors.push(err41);
}
errors++;
}
}
}
else {
const err42 = {instancePath:instancePath+"/kustomize/edit/commonAnnotations",schemaPath:"#/properties/kustomize/properties/edit/properties/commonAnnotations/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err42];
}
else {
vErrors.push(err42);
}
errors++;
}
}
if(data6.forceCommonAnnotations !== undefined){
if(typeof data6.forceCommonAnnotations !== "boolean"){
const err43 = {instancePath:instancePath+"/kustomize/edit/forceCommonAnnotations",schemaPath:"#/properties/kustomize/properties/edit/properties/forceCommonAnnotations/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err43];
}
else {
vErrors.push(err43);
}
errors++;
}
}
if(data6.commonAnnotationsEnvsubst !== undefined){
if(typeof data6.commonAnnotationsEnvsubst !== "boolean"){
const err44 = {instancePath:instancePath+"/kustomize/edit/commonAnnotationsEnvsubst",schemaPath:"#/properties/kustomize/properties/edit/properties/commonAnnotationsEnvsubst/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err44];
}
else {
vErrors.push(err44);
}
errors++;
}
}
if(data6.namespace !== undefined){
let data22 = data6.namespace;
if(typeof data22 === "string"){
if(!pattern4.test(data22)){
const err45 = {instancePath:instancePath+"/kustomize/edit/namespace",schemaPath:"#/properties/kustomize/properties/edit/properties/namespace/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"},message:"must match pattern \""+"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$"+"\""};
if(vErrors === null){
vErrors = [err45];
}
else {
vErrors.push(err45);
}
errors++;
}
}
else {
const err46 = {instancePath:instancePath+"/kustomize/edit/namespace",schemaPath:"#/properties/kustomize/properties/edit/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err46];
}
else {
vErrors.push(err46);
}
errors++;
}
}
if(data6.patches !== undefined){
let data23 = data6.patches;
const _errs68 = errors;
let valid11 = false;
const _errs69 = errors;
if(typeof data23 === "string"){
if(func4(data23) > 1048576){
const err47 = {instancePath:instancePath+"/kustomize/edit/patches",schemaPath:"#/properties/kustomize/properties/edit/properties/patches/anyOf/0/maxLength",keyword:"maxLength",params:{limit: 1048576},message:"must NOT have more than 1048576 characters"};
if(vErrors === null){
vErrors = [err47];
}
else {
vErrors.push(err47);
}
errors++;
}
}
else {
const err48 = {instancePath:instancePath+"/kustomize/edit/patches",schemaPath:"#/properties/kustomize/properties/edit/properties/patches/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err48];
}
else {
vErrors.push(err48);
}
errors++;
}
var _valid0 = _errs69 === errors;
valid11 = valid11 || _valid0;
if(!valid11){
const _errs71 = errors;
if(Array.isArray(data23)){
if(data23.length > 1000){
const err49 = {instancePath:instancePath+"/kustomize/edit/patches",schemaPath:"#/properties/kustomize/properties/edit/properties/patches/anyOf/1/maxItems",keyword:"maxItems",params:{limit: 1000},message:"must NOT have more than 1000 items"};
if(vErrors === null){
vErrors = [err49];
}
else {
vErrors.push(err49);
}
errors++;
}
const len2 = data23.length;
for(let i2=0; i2<len2; i2++){
let data24 = data23[i2];
if(!(data24 && typeof data24 == "object" && !Array.isArray(data24))){
const err50 = {instancePath:instancePath+"/kustomize/edit/patches/" + i2,schemaPath:"#/properties/kustomize/properties/edit/properties/patches/anyOf/1/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err50];
}
else {
vErrors.push(err50);
}
errors++;
}
}
}
else {
const err51 = {instancePath:instancePath+"/kustomize/edit/patches",schemaPath:"#/properties/kustomize/properties/edit/properties/patches/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err51];
}
else {
vErrors.push(err51);
}
errors++;
}
var _valid0 = _errs71 === errors;
valid11 = valid11 || _valid0;
}
if(!valid11){
const err52 = {instancePath:instancePath+"/kustomize/edit/patches",schemaPath:"#/properties/kustomize/properties/edit/properties/patches/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err52];
}
else {
vErrors.push(err52);
}
errors++;
}
else {
errors = _errs68;
if(vErrors !== null){
if(_errs68){
vErrors.length = _errs68;
}
else {
vErrors = null;
}
}
}
}
if(data6.components !== undefined){
let data25 = data6.components;
if(Array.isArray(data25)){
if(data25.length > 1000){
const err53 = {instancePath:instancePath+"/kustomize/edit/components",schemaPath:"#/properties/kustomize/properties/edit/properties/components/maxItems",keyword:"maxItems",params:{limit: 1000},message:"must NOT have more than 1000 items"};
if(vErrors === null){
vErrors = [err53];
}
else {
vErrors.push(err53);
}
errors++;
}
const len3 = data25.length;
for(let i3=0; i3<len3; i3++){
let data26 = data25[i3];
if(typeof data26 === "string"){
if(func4(data26) > 4096){
const err54 = {instancePath:instancePath+"/kustomize/edit/components/" + i3,schemaPath:"#/properties/kustomize/properties/edit/properties/components/items/maxLength",keyword:"maxLength",params:{limit: 4096},message:"must NOT have more than 4096 characters"};
if(vErrors === null){
vErrors = [err54];
}
else {
vErrors.push(err54);
}
errors++;
}
if(func4(data26) < 1){
const err55 = {instancePath:instancePath+"/kustomize/edit/components/" + i3,schemaPath:"#/properties/kustomize/properties/edit/properties/components/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err55];
}
else {
vErrors.push(err55);
}
errors++;
}
}
else {
const err56 = {instancePath:instancePath+"/kustomize/edit/components/" + i3,schemaPath:"#/properties/kustomize/properties/edit/properties/components/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err56];
}
else {
vErrors.push(err56);
}
errors++;
}
}
}
else {
const err57 = {instancePath:instancePath+"/kustomize/edit/components",schemaPath:"#/properties/kustomize/properties/edit/properties/components/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err57];
}
else {
vErrors.push(err57);
}
errors++;
}
}
if(data6.ignoreMissingComponents !== undefined){
if(typeof data6.ignoreMissingComponents !== "boolean"){
const err58 = {instancePath:instancePath+"/kustomize/edit/ignoreMissingComponents",schemaPath:"#/properties/kustomize/properties/edit/properties/ignoreMissingComponents/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err58];
}
else {
vErrors.push(err58);
}
errors++;
}
}
}
else {
const err59 = {instancePath:instancePath+"/kustomize/edit",schemaPath:"#/properties/kustomize/properties/edit/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err59];
}
else {
vErrors.push(err59);
}
errors++;
}
}
}
else {
const err60 = {instancePath:instancePath+"/kustomize",schemaPath:"#/properties/kustomize/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err60];
}
else {
vErrors.push(err60);
}
errors++;
}
}
if(data.podTemplates !== undefined){
let data28 = data.podTemplates;
if(Array.isArray(data28)){
const len4 = data28.length;
for(let i4=0; i4<len4; i4++){
let data29 = data28[i4];
if(data29 && typeof data29 == "object" && !Array.isArray(data29)){
if(data29.kind === undefined){
const err61 = {instancePath:instancePath+"/podTemplates/" + i4,schemaPath:"#/properties/podTemplates/items/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err61];
}
else {
vErrors.push(err61);
}
errors++;
}
if(data29.path === undefined){
const err62 = {instancePath:instancePath+"/podTemplates/" + i4,schemaPath:"#/properties/podTemplates/items/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err62];
}
else {
vErrors.push(err62);
}
errors++;
}
for(const key7 in data29){
if(!(((key7 === "apiVersion") || (key7 === "kind")) || (key7 === "path"))){
const err63 = {instancePath:instancePath+"/podTemplates/" + i4,schemaPath:"#/properties/podTemplates/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key7},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err63];
}
else {
vErrors.push(err63);
}
errors++;
}
}
if(data29.apiVersion !== undefined){
if(typeof data29.apiVersion !== "string"){
const err64 = {instancePath:instancePath+"/podTemplates/" + i4+"/apiVersion",schemaPath:"#/properties/podTemplates/items/properties/apiVersion/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err64];
}
else {
vErrors.push(err64);
}
errors++;
}
}
if(data29.kind !== undefined){
let data31 = data29.kind;
if(typeof data31 === "string"){
if(func4(data31) < 1){
const err65 = {instancePath:instancePath+"/podTemplates/" + i4+"/kind",schemaPath:"#/properties/podTemplates/items/properties/kind/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err65];
}
else {
vErrors.push(err65);
}
errors++;
}
}
else {
const err66 = {instancePath:instancePath+"/podTemplates/" + i4+"/kind",schemaPath:"#/properties/podTemplates/items/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err66];
}
else {
vErrors.push(err66);
}
errors++;
}
}
if(data29.path !== undefined){
let data32 = data29.path;
if(typeof data32 === "string"){
if(!pattern5.test(data32)){
const err67 = {instancePath:instancePath+"/podTemplates/" + i4+"/path",schemaPath:"#/properties/podTemplates/items/properties/path/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$"},message:"must match pattern \""+"^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$"+"\""};
if(vErrors === null){
vErrors = [err67];
}
else {
vErrors.push(err67);
}
errors++;
}
}
else {
const err68 = {instancePath:instancePath+"/podTemplates/" + i4+"/path",schemaPath:"#/properties/podTemplates/items/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err68];
}
else {
vErrors.push(err68);
}
errors++;
}
}
}
else {
const err69 = {instancePath:instancePath+"/podTemplates/" + i4,schemaPath:"#/properties/podTemplates/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err69];
}
else {
vErrors.push(err69);
}
errors++;
}
}
}
else {
const err70 = {instancePath:instancePath+"/podTemplates",schemaPath:"#/properties/podTemplates/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err70];
}
else {
vErrors.push(err70);
}
errors++;
}
}
if(data.checks !== undefined){
let data33 = data.checks;
if(data33 && typeof data33 == "object" && !Array.isArray(data33)){
for(const key8 in data33){
if(!(((((((key8 === "secretRefs") || (key8 === "configMapRefs")) || (key8 === "sops")) || (key8 === "missingObjects")) || (key8 === "possibleRuntimeObjects")) || (key8 === "api")) || (key8 === "unknownFields"))){
const err71 = {instancePath:instancePath+"/checks",schemaPath:"#/properties/checks/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key8},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err71];
}
else {
vErrors.push(err71);
}
errors++;
}
}
if(data33.secretRefs !== undefined){
let data34 = data33.secretRefs;
if(typeof data34 !== "string"){
const err72 = {instancePath:instancePath+"/checks/secretRefs",schemaPath:"#/properties/checks/properties/secretRefs/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err72];
}
else {
vErrors.push(err72);
}
errors++;
}
if(!((data34 === "on") || (data34 === "off"))){
const err73 = {instancePath:instancePath+"/checks/secretRefs",schemaPath:"#/properties/checks/properties/secretRefs/enum",keyword:"enum",params:{allowedValues: schema11.properties.checks.properties.secretRefs.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err73];
}
else {
vErrors.push(err73);
}
errors++;
}
}
if(data33.configMapRefs !== undefined){
let data35 = data33.configMapRefs;
if(typeof data35 !== "string"){
const err74 = {instancePath:instancePath+"/checks/configMapRefs",schemaPath:"#/properties/checks/properties/configMapRefs/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err74];
}
else {
vErrors.push(err74);
}
errors++;
}
if(!((data35 === "on") || (data35 === "off"))){
const err75 = {instancePath:instancePath+"/checks/configMapRefs",schemaPath:"#/properties/checks/properties/configMapRefs/enum",keyword:"enum",params:{allowedValues: schema11.properties.checks.properties.configMapRefs.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err75];
}
else {
vErrors.push(err75);
}
errors++;
}
}
if(data33.sops !== undefined){
let data36 = data33.sops;
if(typeof data36 !== "string"){
const err76 = {instancePath:instancePath+"/checks/sops",schemaPath:"#/properties/checks/properties/sops/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err76];
}
else {
vErrors.push(err76);
}
errors++;
}
if(!((data36 === "on") || (data36 === "off"))){
const err77 = {instancePath:instancePath+"/checks/sops",schemaPath:"#/properties/checks/properties/sops/enum",keyword:"enum",params:{allowedValues: schema11.properties.checks.properties.sops.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err77];
}
else {
vErrors.push(err77);
}
errors++;
}
}
if(data33.missingObjects !== undefined){
let data37 = data33.missingObjects;
if(typeof data37 !== "string"){
const err78 = {instancePath:instancePath+"/checks/missingObjects",schemaPath:"#/properties/checks/properties/missingObjects/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err78];
}
else {
vErrors.push(err78);
}
errors++;
}
if(!((data37 === "error") || (data37 === "warning"))){
const err79 = {instancePath:instancePath+"/checks/missingObjects",schemaPath:"#/properties/checks/properties/missingObjects/enum",keyword:"enum",params:{allowedValues: schema11.properties.checks.properties.missingObjects.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err79];
}
else {
vErrors.push(err79);
}
errors++;
}
}
if(data33.possibleRuntimeObjects !== undefined){
let data38 = data33.possibleRuntimeObjects;
if(typeof data38 !== "string"){
const err80 = {instancePath:instancePath+"/checks/possibleRuntimeObjects",schemaPath:"#/properties/checks/properties/possibleRuntimeObjects/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err80];
}
else {
vErrors.push(err80);
}
errors++;
}
if(!((data38 === "warning") || (data38 === "error"))){
const err81 = {instancePath:instancePath+"/checks/possibleRuntimeObjects",schemaPath:"#/properties/checks/properties/possibleRuntimeObjects/enum",keyword:"enum",params:{allowedValues: schema11.properties.checks.properties.possibleRuntimeObjects.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err81];
}
else {
vErrors.push(err81);
}
errors++;
}
}
if(data33.api !== undefined){
let data39 = data33.api;
if(typeof data39 !== "string"){
const err82 = {instancePath:instancePath+"/checks/api",schemaPath:"#/properties/checks/properties/api/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err82];
}
else {
vErrors.push(err82);
}
errors++;
}
if(!((data39 === "on") || (data39 === "off"))){
const err83 = {instancePath:instancePath+"/checks/api",schemaPath:"#/properties/checks/properties/api/enum",keyword:"enum",params:{allowedValues: schema11.properties.checks.properties.api.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err83];
}
else {
vErrors.push(err83);
}
errors++;
}
}
if(data33.unknownFields !== undefined){
let data40 = data33.unknownFields;
if(typeof data40 !== "string"){
const err84 = {instancePath:instancePath+"/checks/unknownFields",schemaPath:"#/properties/checks/properties/unknownFields/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err84];
}
else {
vErrors.push(err84);
}
errors++;
}
if(!(((data40 === "error") || (data40 === "warning")) || (data40 === "off"))){
const err85 = {instancePath:instancePath+"/checks/unknownFields",schemaPath:"#/properties/checks/properties/unknownFields/enum",keyword:"enum",params:{allowedValues: schema11.properties.checks.properties.unknownFields.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err85];
}
else {
vErrors.push(err85);
}
errors++;
}
}
}
else {
const err86 = {instancePath:instancePath+"/checks",schemaPath:"#/properties/checks/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err86];
}
else {
vErrors.push(err86);
}
errors++;
}
}
if(data.kubernetes !== undefined){
let data41 = data.kubernetes;
if(data41 && typeof data41 == "object" && !Array.isArray(data41)){
for(const key9 in data41){
if(!((key9 === "version") || (key9 === "apiVersions"))){
const err87 = {instancePath:instancePath+"/kubernetes",schemaPath:"#/properties/kubernetes/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key9},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err87];
}
else {
vErrors.push(err87);
}
errors++;
}
}
if(data41.version !== undefined){
let data42 = data41.version;
if(typeof data42 === "string"){
if(!pattern6.test(data42)){
const err88 = {instancePath:instancePath+"/kubernetes/version",schemaPath:"#/properties/kubernetes/properties/version/pattern",keyword:"pattern",params:{pattern: "^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+][0-9A-Za-z.+-]*)?$"},message:"must match pattern \""+"^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+][0-9A-Za-z.+-]*)?$"+"\""};
if(vErrors === null){
vErrors = [err88];
}
else {
vErrors.push(err88);
}
errors++;
}
}
else {
const err89 = {instancePath:instancePath+"/kubernetes/version",schemaPath:"#/properties/kubernetes/properties/version/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err89];
}
else {
vErrors.push(err89);
}
errors++;
}
}
if(data41.apiVersions !== undefined){
let data43 = data41.apiVersions;
if(Array.isArray(data43)){
const len5 = data43.length;
for(let i5=0; i5<len5; i5++){
let data44 = data43[i5];
if(typeof data44 === "string"){
if(!pattern7.test(data44)){
const err90 = {instancePath:instancePath+"/kubernetes/apiVersions/" + i5,schemaPath:"#/properties/kubernetes/properties/apiVersions/items/pattern",keyword:"pattern",params:{pattern: "^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+[a-z0-9]*(/[A-Za-z][A-Za-z0-9]*)?$"},message:"must match pattern \""+"^([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?v[0-9]+[a-z0-9]*(/[A-Za-z][A-Za-z0-9]*)?$"+"\""};
if(vErrors === null){
vErrors = [err90];
}
else {
vErrors.push(err90);
}
errors++;
}
}
else {
const err91 = {instancePath:instancePath+"/kubernetes/apiVersions/" + i5,schemaPath:"#/properties/kubernetes/properties/apiVersions/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err91];
}
else {
vErrors.push(err91);
}
errors++;
}
}
}
else {
const err92 = {instancePath:instancePath+"/kubernetes/apiVersions",schemaPath:"#/properties/kubernetes/properties/apiVersions/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err92];
}
else {
vErrors.push(err92);
}
errors++;
}
}
}
else {
const err93 = {instancePath:instancePath+"/kubernetes",schemaPath:"#/properties/kubernetes/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err93];
}
else {
vErrors.push(err93);
}
errors++;
}
}
if(data.external !== undefined){
let data45 = data.external;
if(Array.isArray(data45)){
const len6 = data45.length;
for(let i6=0; i6<len6; i6++){
let data46 = data45[i6];
if(data46 && typeof data46 == "object" && !Array.isArray(data46)){
if(data46.kind === undefined){
const err94 = {instancePath:instancePath+"/external/" + i6,schemaPath:"#/properties/external/items/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err94];
}
else {
vErrors.push(err94);
}
errors++;
}
if(data46.name === undefined){
const err95 = {instancePath:instancePath+"/external/" + i6,schemaPath:"#/properties/external/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err95];
}
else {
vErrors.push(err95);
}
errors++;
}
for(const key10 in data46){
if(!((((key10 === "kind") || (key10 === "name")) || (key10 === "namespace")) || (key10 === "keys"))){
const err96 = {instancePath:instancePath+"/external/" + i6,schemaPath:"#/properties/external/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key10},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err96];
}
else {
vErrors.push(err96);
}
errors++;
}
}
if(data46.kind !== undefined){
let data47 = data46.kind;
if(typeof data47 !== "string"){
const err97 = {instancePath:instancePath+"/external/" + i6+"/kind",schemaPath:"#/properties/external/items/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err97];
}
else {
vErrors.push(err97);
}
errors++;
}
if(!((data47 === "Secret") || (data47 === "ConfigMap"))){
const err98 = {instancePath:instancePath+"/external/" + i6+"/kind",schemaPath:"#/properties/external/items/properties/kind/enum",keyword:"enum",params:{allowedValues: schema11.properties.external.items.properties.kind.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err98];
}
else {
vErrors.push(err98);
}
errors++;
}
}
if(data46.name !== undefined){
let data48 = data46.name;
if(typeof data48 === "string"){
if(func4(data48) < 1){
const err99 = {instancePath:instancePath+"/external/" + i6+"/name",schemaPath:"#/properties/external/items/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err99];
}
else {
vErrors.push(err99);
}
errors++;
}
}
else {
const err100 = {instancePath:instancePath+"/external/" + i6+"/name",schemaPath:"#/properties/external/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err100];
}
else {
vErrors.push(err100);
}
errors++;
}
}
if(data46.namespace !== undefined){
let data49 = data46.namespace;
if(typeof data49 === "string"){
if(func4(data49) < 1){
const err101 = {instancePath:instancePath+"/external/" + i6+"/namespace",schemaPath:"#/properties/external/items/properties/namespace/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err101];
}
else {
vErrors.push(err101);
}
errors++;
}
}
else {
const err102 = {instancePath:instancePath+"/external/" + i6+"/namespace",schemaPath:"#/properties/external/items/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err102];
}
else {
vErrors.push(err102);
}
errors++;
}
}
if(data46.keys !== undefined){
let data50 = data46.keys;
if(Array.isArray(data50)){
const len7 = data50.length;
for(let i7=0; i7<len7; i7++){
if(typeof data50[i7] !== "string"){
const err103 = {instancePath:instancePath+"/external/" + i6+"/keys/" + i7,schemaPath:"#/properties/external/items/properties/keys/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err103];
}
else {
vErrors.push(err103);
}
errors++;
}
}
}
else {
const err104 = {instancePath:instancePath+"/external/" + i6+"/keys",schemaPath:"#/properties/external/items/properties/keys/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err104];
}
else {
vErrors.push(err104);
}
errors++;
}
}
}
else {
const err105 = {instancePath:instancePath+"/external/" + i6,schemaPath:"#/properties/external/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err105];
}
else {
vErrors.push(err105);
}
errors++;
}
}
}
else {
const err106 = {instancePath:instancePath+"/external",schemaPath:"#/properties/external/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err106];
}
else {
vErrors.push(err106);
}
errors++;
}
}
if(data.secrets !== undefined){
let data52 = data.secrets;
if(data52 && typeof data52 == "object" && !Array.isArray(data52)){
for(const key11 in data52){
if(!(key11 === "external")){
const err107 = {instancePath:instancePath+"/secrets",schemaPath:"#/properties/secrets/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key11},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err107];
}
else {
vErrors.push(err107);
}
errors++;
}
}
if(data52.external !== undefined){
let data53 = data52.external;
if(Array.isArray(data53)){
const len8 = data53.length;
for(let i8=0; i8<len8; i8++){
let data54 = data53[i8];
if(data54 && typeof data54 == "object" && !Array.isArray(data54)){
if(data54.name === undefined){
const err108 = {instancePath:instancePath+"/secrets/external/" + i8,schemaPath:"#/properties/secrets/properties/external/items/required",keyword:"required",params:{missingProperty: "name"},message:"must have required property '"+"name"+"'"};
if(vErrors === null){
vErrors = [err108];
}
else {
vErrors.push(err108);
}
errors++;
}
for(const key12 in data54){
if(!((((key12 === "name") || (key12 === "namespace")) || (key12 === "keys")) || (key12 === "kind"))){
const err109 = {instancePath:instancePath+"/secrets/external/" + i8,schemaPath:"#/properties/secrets/properties/external/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key12},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err109];
}
else {
vErrors.push(err109);
}
errors++;
}
}
if(data54.name !== undefined){
let data55 = data54.name;
if(typeof data55 === "string"){
if(func4(data55) < 1){
const err110 = {instancePath:instancePath+"/secrets/external/" + i8+"/name",schemaPath:"#/properties/secrets/properties/external/items/properties/name/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err110];
}
else {
vErrors.push(err110);
}
errors++;
}
}
else {
const err111 = {instancePath:instancePath+"/secrets/external/" + i8+"/name",schemaPath:"#/properties/secrets/properties/external/items/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err111];
}
else {
vErrors.push(err111);
}
errors++;
}
}
if(data54.namespace !== undefined){
let data56 = data54.namespace;
if(typeof data56 === "string"){
if(func4(data56) < 1){
const err112 = {instancePath:instancePath+"/secrets/external/" + i8+"/namespace",schemaPath:"#/properties/secrets/properties/external/items/properties/namespace/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err112];
}
else {
vErrors.push(err112);
}
errors++;
}
}
else {
const err113 = {instancePath:instancePath+"/secrets/external/" + i8+"/namespace",schemaPath:"#/properties/secrets/properties/external/items/properties/namespace/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err113];
}
else {
vErrors.push(err113);
}
errors++;
}
}
if(data54.keys !== undefined){
let data57 = data54.keys;
if(Array.isArray(data57)){
const len9 = data57.length;
for(let i9=0; i9<len9; i9++){
if(typeof data57[i9] !== "string"){
const err114 = {instancePath:instancePath+"/secrets/external/" + i8+"/keys/" + i9,schemaPath:"#/properties/secrets/properties/external/items/properties/keys/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err114];
}
else {
vErrors.push(err114);
}
errors++;
}
}
}
else {
const err115 = {instancePath:instancePath+"/secrets/external/" + i8+"/keys",schemaPath:"#/properties/secrets/properties/external/items/properties/keys/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err115];
}
else {
vErrors.push(err115);
}
errors++;
}
}
if(data54.kind !== undefined){
let data59 = data54.kind;
if(typeof data59 !== "string"){
const err116 = {instancePath:instancePath+"/secrets/external/" + i8+"/kind",schemaPath:"#/properties/secrets/properties/external/items/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err116];
}
else {
vErrors.push(err116);
}
errors++;
}
if(!((data59 === "Secret") || (data59 === "ConfigMap"))){
const err117 = {instancePath:instancePath+"/secrets/external/" + i8+"/kind",schemaPath:"#/properties/secrets/properties/external/items/properties/kind/enum",keyword:"enum",params:{allowedValues: schema11.properties.secrets.properties.external.items.properties.kind.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err117];
}
else {
vErrors.push(err117);
}
errors++;
}
}
}
else {
const err118 = {instancePath:instancePath+"/secrets/external/" + i8,schemaPath:"#/properties/secrets/properties/external/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err118];
}
else {
vErrors.push(err118);
}
errors++;
}
}
}
else {
const err119 = {instancePath:instancePath+"/secrets/external",schemaPath:"#/properties/secrets/properties/external/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err119];
}
else {
vErrors.push(err119);
}
errors++;
}
}
}
else {
const err120 = {instancePath:instancePath+"/secrets",schemaPath:"#/properties/secrets/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err120];
}
else {
vErrors.push(err120);
}
errors++;
}
}
if(data.pgdata !== undefined){
let data60 = data.pgdata;
if(data60 && typeof data60 == "object" && !Array.isArray(data60)){
for(const key13 in data60){
if(!(((key13 === "enabled") || (key13 === "guard")) || (key13 === "images"))){
const err121 = {instancePath:instancePath+"/pgdata",schemaPath:"#/properties/pgdata/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key13},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err121];
}
else {
vErrors.push(err121);
}
errors++;
}
}
if(data60.enabled !== undefined){
if(typeof data60.enabled !== "boolean"){
const err122 = {instancePath:instancePath+"/pgdata/enabled",schemaPath:"#/properties/pgdata/properties/enabled/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err122];
}
else {
vErrors.push(err122);
}
errors++;
}
}
if(data60.guard !== undefined){
if(typeof data60.guard !== "boolean"){
const err123 = {instancePath:instancePath+"/pgdata/guard",schemaPath:"#/properties/pgdata/properties/guard/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err123];
}
else {
vErrors.push(err123);
}
errors++;
}
}
if(data60.images !== undefined){
let data63 = data60.images;
if(Array.isArray(data63)){
const len10 = data63.length;
for(let i10=0; i10<len10; i10++){
let data64 = data63[i10];
if(typeof data64 === "string"){
if(func4(data64) < 1){
const err124 = {instancePath:instancePath+"/pgdata/images/" + i10,schemaPath:"#/properties/pgdata/properties/images/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err124];
}
else {
vErrors.push(err124);
}
errors++;
}
}
else {
const err125 = {instancePath:instancePath+"/pgdata/images/" + i10,schemaPath:"#/properties/pgdata/properties/images/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err125];
}
else {
vErrors.push(err125);
}
errors++;
}
}
}
else {
const err126 = {instancePath:instancePath+"/pgdata/images",schemaPath:"#/properties/pgdata/properties/images/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err126];
}
else {
vErrors.push(err126);
}
errors++;
}
}
}
else {
const err127 = {instancePath:instancePath+"/pgdata",schemaPath:"#/properties/pgdata/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err127];
}
else {
vErrors.push(err127);
}
errors++;
}
}
if(data.images !== undefined){
let data65 = data.images;
if(data65 && typeof data65 == "object" && !Array.isArray(data65)){
for(const key14 in data65){
if(!(func2.call(schema11.properties.images.properties, key14))){
const err128 = {instancePath:instancePath+"/images",schemaPath:"#/properties/images/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key14},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err128];
}
else {
vErrors.push(err128);
}
errors++;
}
}
if(data65.pin !== undefined){
let data66 = data65.pin;
if(typeof data66 !== "string"){
const err129 = {instancePath:instancePath+"/images/pin",schemaPath:"#/properties/images/properties/pin/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err129];
}
else {
vErrors.push(err129);
}
errors++;
}
if(!(((data66 === "resolve") || (data66 === "locked")) || (data66 === "off"))){
const err130 = {instancePath:instancePath+"/images/pin",schemaPath:"#/properties/images/properties/pin/enum",keyword:"enum",params:{allowedValues: schema11.properties.images.properties.pin.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err130];
}
else {
vErrors.push(err130);
}
errors++;
}
}
if(data65.offline !== undefined){
if(typeof data65.offline !== "boolean"){
const err131 = {instancePath:instancePath+"/images/offline",schemaPath:"#/properties/images/properties/offline/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err131];
}
else {
vErrors.push(err131);
}
errors++;
}
}
if(data65.platforms !== undefined){
let data68 = data65.platforms;
if(Array.isArray(data68)){
if(data68.length < 1){
const err132 = {instancePath:instancePath+"/images/platforms",schemaPath:"#/properties/images/properties/platforms/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err132];
}
else {
vErrors.push(err132);
}
errors++;
}
const len11 = data68.length;
for(let i11=0; i11<len11; i11++){
let data69 = data68[i11];
if(typeof data69 === "string"){
if(!pattern8.test(data69)){
const err133 = {instancePath:instancePath+"/images/platforms/" + i11,schemaPath:"#/properties/images/properties/platforms/items/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$"},message:"must match pattern \""+"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$"+"\""};
if(vErrors === null){
vErrors = [err133];
}
else {
vErrors.push(err133);
}
errors++;
}
}
else {
const err134 = {instancePath:instancePath+"/images/platforms/" + i11,schemaPath:"#/properties/images/properties/platforms/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err134];
}
else {
vErrors.push(err134);
}
errors++;
}
}
}
else {
const err135 = {instancePath:instancePath+"/images/platforms",schemaPath:"#/properties/images/properties/platforms/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err135];
}
else {
vErrors.push(err135);
}
errors++;
}
}
if(data65.paths !== undefined){
let data70 = data65.paths;
if(Array.isArray(data70)){
const len12 = data70.length;
for(let i12=0; i12<len12; i12++){
let data71 = data70[i12];
if(data71 && typeof data71 == "object" && !Array.isArray(data71)){
if(data71.kind === undefined){
const err136 = {instancePath:instancePath+"/images/paths/" + i12,schemaPath:"#/properties/images/properties/paths/items/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err136];
}
else {
vErrors.push(err136);
}
errors++;
}
if(data71.path === undefined){
const err137 = {instancePath:instancePath+"/images/paths/" + i12,schemaPath:"#/properties/images/properties/paths/items/required",keyword:"required",params:{missingProperty: "path"},message:"must have required property '"+"path"+"'"};
if(vErrors === null){
vErrors = [err137];
}
else {
vErrors.push(err137);
}
errors++;
}
for(const key15 in data71){
if(!(((key15 === "apiVersion") || (key15 === "kind")) || (key15 === "path"))){
const err138 = {instancePath:instancePath+"/images/paths/" + i12,schemaPath:"#/properties/images/properties/paths/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key15},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err138];
}
else {
vErrors.push(err138);
}
errors++;
}
}
if(data71.apiVersion !== undefined){
if(typeof data71.apiVersion !== "string"){
const err139 = {instancePath:instancePath+"/images/paths/" + i12+"/apiVersion",schemaPath:"#/properties/images/properties/paths/items/properties/apiVersion/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err139];
}
else {
vErrors.push(err139);
}
errors++;
}
}
if(data71.kind !== undefined){
let data73 = data71.kind;
if(typeof data73 === "string"){
if(func4(data73) < 1){
const err140 = {instancePath:instancePath+"/images/paths/" + i12+"/kind",schemaPath:"#/properties/images/properties/paths/items/properties/kind/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err140];
}
else {
vErrors.push(err140);
}
errors++;
}
}
else {
const err141 = {instancePath:instancePath+"/images/paths/" + i12+"/kind",schemaPath:"#/properties/images/properties/paths/items/properties/kind/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err141];
}
else {
vErrors.push(err141);
}
errors++;
}
}
if(data71.path !== undefined){
let data74 = data71.path;
if(typeof data74 === "string"){
if(func4(data74) < 1){
const err142 = {instancePath:instancePath+"/images/paths/" + i12+"/path",schemaPath:"#/properties/images/properties/paths/items/properties/path/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err142];
}
else {
vErrors.push(err142);
}
errors++;
}
}
else {
const err143 = {instancePath:instancePath+"/images/paths/" + i12+"/path",schemaPath:"#/properties/images/properties/paths/items/properties/path/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err143];
}
else {
vErrors.push(err143);
}
errors++;
}
}
}
else {
const err144 = {instancePath:instancePath+"/images/paths/" + i12,schemaPath:"#/properties/images/properties/paths/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err144];
}
else {
vErrors.push(err144);
}
errors++;
}
}
}
else {
const err145 = {instancePath:instancePath+"/images/paths",schemaPath:"#/properties/images/properties/paths/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err145];
}
else {
vErrors.push(err145);
}
errors++;
}
}
if(data65.insecureRegistries !== undefined){
let data75 = data65.insecureRegistries;
if(Array.isArray(data75)){
const len13 = data75.length;
for(let i13=0; i13<len13; i13++){
let data76 = data75[i13];
if(typeof data76 === "string"){
if(func4(data76) < 1){
const err146 = {instancePath:instancePath+"/images/insecureRegistries/" + i13,schemaPath:"#/properties/images/properties/insecureRegistries/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err146];
}
else {
vErrors.push(err146);
}
errors++;
}
}
else {
const err147 = {instancePath:instancePath+"/images/insecureRegistries/" + i13,schemaPath:"#/properties/images/properties/insecureRegistries/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err147];
}
else {
vErrors.push(err147);
}
errors++;
}
}
}
else {
const err148 = {instancePath:instancePath+"/images/insecureRegistries",schemaPath:"#/properties/images/properties/insecureRegistries/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err148];
}
else {
vErrors.push(err148);
}
errors++;
}
}
if(data65.concurrency !== undefined){
let data77 = data65.concurrency;
if(!(((typeof data77 == "number") && (!(data77 % 1) && !isNaN(data77))) && (isFinite(data77)))){
const err149 = {instancePath:instancePath+"/images/concurrency",schemaPath:"#/properties/images/properties/concurrency/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err149];
}
else {
vErrors.push(err149);
}
errors++;
}
if((typeof data77 == "number") && (isFinite(data77))){
if(data77 > 64 || isNaN(data77)){
const err150 = {instancePath:instancePath+"/images/concurrency",schemaPath:"#/properties/images/properties/concurrency/maximum",keyword:"maximum",params:{comparison: "<=", limit: 64},message:"must be <= 64"};
if(vErrors === null){
vErrors = [err150];
}
else {
vErrors.push(err150);
}
errors++;
}
if(data77 < 1 || isNaN(data77)){
const err151 = {instancePath:instancePath+"/images/concurrency",schemaPath:"#/properties/images/properties/concurrency/minimum",keyword:"minimum",params:{comparison: ">=", limit: 1},message:"must be >= 1"};
if(vErrors === null){
vErrors = [err151];
}
else {
vErrors.push(err151);
}
errors++;
}
}
}
if(data65.requestTimeoutSeconds !== undefined){
let data78 = data65.requestTimeoutSeconds;
if((typeof data78 == "number") && (isFinite(data78))){
if(data78 <= 0 || isNaN(data78)){
const err152 = {instancePath:instancePath+"/images/requestTimeoutSeconds",schemaPath:"#/properties/images/properties/requestTimeoutSeconds/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err152];
}
else {
vErrors.push(err152);
}
errors++;
}
}
else {
const err153 = {instancePath:instancePath+"/images/requestTimeoutSeconds",schemaPath:"#/properties/images/properties/requestTimeoutSeconds/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err153];
}
else {
vErrors.push(err153);
}
errors++;
}
}
if(data65.budgetSeconds !== undefined){
let data79 = data65.budgetSeconds;
if((typeof data79 == "number") && (isFinite(data79))){
if(data79 <= 0 || isNaN(data79)){
const err154 = {instancePath:instancePath+"/images/budgetSeconds",schemaPath:"#/properties/images/properties/budgetSeconds/exclusiveMinimum",keyword:"exclusiveMinimum",params:{comparison: ">", limit: 0},message:"must be > 0"};
if(vErrors === null){
vErrors = [err154];
}
else {
vErrors.push(err154);
}
errors++;
}
}
else {
const err155 = {instancePath:instancePath+"/images/budgetSeconds",schemaPath:"#/properties/images/properties/budgetSeconds/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err155];
}
else {
vErrors.push(err155);
}
errors++;
}
}
if(data65.retryBaseSeconds !== undefined){
let data80 = data65.retryBaseSeconds;
if((typeof data80 == "number") && (isFinite(data80))){
if(data80 > 60 || isNaN(data80)){
const err156 = {instancePath:instancePath+"/images/retryBaseSeconds",schemaPath:"#/properties/images/properties/retryBaseSeconds/maximum",keyword:"maximum",params:{comparison: "<=", limit: 60},message:"must be <= 60"};
if(vErrors === null){
vErrors = [err156];
}
else {
vErrors.push(err156);
}
errors++;
}
if(data80 < 0 || isNaN(data80)){
const err157 = {instancePath:instancePath+"/images/retryBaseSeconds",schemaPath:"#/properties/images/properties/retryBaseSeconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err157];
}
else {
vErrors.push(err157);
}
errors++;
}
}
else {
const err158 = {instancePath:instancePath+"/images/retryBaseSeconds",schemaPath:"#/properties/images/properties/retryBaseSeconds/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err158];
}
else {
vErrors.push(err158);
}
errors++;
}
}
if(data65.tagTTLSeconds !== undefined){
let data81 = data65.tagTTLSeconds;
if((typeof data81 == "number") && (isFinite(data81))){
if(data81 < 0 || isNaN(data81)){
const err159 = {instancePath:instancePath+"/images/tagTTLSeconds",schemaPath:"#/properties/images/properties/tagTTLSeconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 0},message:"must be >= 0"};
if(vErrors === null){
vErrors = [err159];
}
else {
vErrors.push(err159);
}
errors++;
}
}
else {
const err160 = {instancePath:instancePath+"/images/tagTTLSeconds",schemaPath:"#/properties/images/properties/tagTTLSeconds/type",keyword:"type",params:{type: "number"},message:"must be number"};
if(vErrors === null){
vErrors = [err160];
}
else {
vErrors.push(err160);
}
errors++;
}
}
}
else {
const err161 = {instancePath:instancePath+"/images",schemaPath:"#/properties/images/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err161];
}
else {
vErrors.push(err161);
}
errors++;
}
}
if(data.flyway !== undefined){
let data82 = data.flyway;
if(data82 && typeof data82 == "object" && !Array.isArray(data82)){
for(const key16 in data82){
if(!(((((((key16 === "locations") || (key16 === "sqlMigrationPrefix")) || (key16 === "undoSqlMigrationPrefix")) || (key16 === "baselineMigrationPrefix")) || (key16 === "repeatableSqlMigrationPrefix")) || (key16 === "sqlMigrationSeparator")) || (key16 === "sqlMigrationSuffixes"))){
const err162 = {instancePath:instancePath+"/flyway",schemaPath:"#/properties/flyway/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key16},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err162];
}
else {
vErrors.push(err162);
}
errors++;
}
}
if(data82.locations !== undefined){
let data83 = data82.locations;
if(Array.isArray(data83)){
const len14 = data83.length;
for(let i14=0; i14<len14; i14++){
let data84 = data83[i14];
const _errs219 = errors;
let valid48 = false;
const _errs220 = errors;
if(typeof data84 === "string"){
if(func4(data84) < 1){
const err163 = {instancePath:instancePath+"/flyway/locations/" + i14,schemaPath:"#/properties/flyway/properties/locations/items/anyOf/0/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err163];
}
else {
vErrors.push(err163);
}
errors++;
}
}
else {
const err164 = {instancePath:instancePath+"/flyway/locations/" + i14,schemaPath:"#/properties/flyway/properties/locations/items/anyOf/0/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err164];
}
else {
vErrors.push(err164);
}
errors++;
}
var _valid1 = _errs220 === errors;
valid48 = valid48 || _valid1;
if(!valid48){
const _errs222 = errors;
if(Array.isArray(data84)){
if(data84.length < 1){
const err165 = {instancePath:instancePath+"/flyway/locations/" + i14,schemaPath:"#/properties/flyway/properties/locations/items/anyOf/1/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err165];
}
else {
vErrors.push(err165);
}
errors++;
}
const len15 = data84.length;
for(let i15=0; i15<len15; i15++){
let data85 = data84[i15];
if(typeof data85 === "string"){
if(func4(data85) < 1){
const err166 = {instancePath:instancePath+"/flyway/locations/" + i14+"/" + i15,schemaPath:"#/properties/flyway/properties/locations/items/anyOf/1/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err166];
}
else {
vErrors.push(err166);
}
errors++;
}
}
else {
const err167 = {instancePath:instancePath+"/flyway/locations/" + i14+"/" + i15,schemaPath:"#/properties/flyway/properties/locations/items/anyOf/1/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err167];
}
else {
vErrors.push(err167);
}
errors++;
}
}
}
else {
const err168 = {instancePath:instancePath+"/flyway/locations/" + i14,schemaPath:"#/properties/flyway/properties/locations/items/anyOf/1/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err168];
}
else {
vErrors.push(err168);
}
errors++;
}
var _valid1 = _errs222 === errors;
valid48 = valid48 || _valid1;
}
if(!valid48){
const err169 = {instancePath:instancePath+"/flyway/locations/" + i14,schemaPath:"#/properties/flyway/properties/locations/items/anyOf",keyword:"anyOf",params:{},message:"must match a schema in anyOf"};
if(vErrors === null){
vErrors = [err169];
}
else {
vErrors.push(err169);
}
errors++;
}
else {
errors = _errs219;
if(vErrors !== null){
if(_errs219){
vErrors.length = _errs219;
}
else {
vErrors = null;
}
}
}
}
}
else {
const err170 = {instancePath:instancePath+"/flyway/locations",schemaPath:"#/properties/flyway/properties/locations/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err170];
}
else {
vErrors.push(err170);
}
errors++;
}
}
if(data82.sqlMigrationPrefix !== undefined){
let data86 = data82.sqlMigrationPrefix;
if(typeof data86 === "string"){
if(func4(data86) < 1){
const err171 = {instancePath:instancePath+"/flyway/sqlMigrationPrefix",schemaPath:"#/properties/flyway/properties/sqlMigrationPrefix/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err171];
}
else {
vErrors.push(err171);
}
errors++;
}
}
else {
const err172 = {instancePath:instancePath+"/flyway/sqlMigrationPrefix",schemaPath:"#/properties/flyway/properties/sqlMigrationPrefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err172];
}
else {
vErrors.push(err172);
}
errors++;
}
}
if(data82.undoSqlMigrationPrefix !== undefined){
let data87 = data82.undoSqlMigrationPrefix;
if(typeof data87 === "string"){
if(func4(data87) < 1){
const err173 = {instancePath:instancePath+"/flyway/undoSqlMigrationPrefix",schemaPath:"#/properties/flyway/properties/undoSqlMigrationPrefix/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err173];
}
else {
vErrors.push(err173);
}
errors++;
}
}
else {
const err174 = {instancePath:instancePath+"/flyway/undoSqlMigrationPrefix",schemaPath:"#/properties/flyway/properties/undoSqlMigrationPrefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err174];
}
else {
vErrors.push(err174);
}
errors++;
}
}
if(data82.baselineMigrationPrefix !== undefined){
let data88 = data82.baselineMigrationPrefix;
if(typeof data88 === "string"){
if(func4(data88) < 1){
const err175 = {instancePath:instancePath+"/flyway/baselineMigrationPrefix",schemaPath:"#/properties/flyway/properties/baselineMigrationPrefix/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err175];
}
else {
vErrors.push(err175);
}
errors++;
}
}
else {
const err176 = {instancePath:instancePath+"/flyway/baselineMigrationPrefix",schemaPath:"#/properties/flyway/properties/baselineMigrationPrefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err176];
}
else {
vErrors.push(err176);
}
errors++;
}
}
if(data82.repeatableSqlMigrationPrefix !== undefined){
let data89 = data82.repeatableSqlMigrationPrefix;
if(typeof data89 === "string"){
if(func4(data89) < 1){
const err177 = {instancePath:instancePath+"/flyway/repeatableSqlMigrationPrefix",schemaPath:"#/properties/flyway/properties/repeatableSqlMigrationPrefix/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err177];
}
else {
vErrors.push(err177);
}
errors++;
}
}
else {
const err178 = {instancePath:instancePath+"/flyway/repeatableSqlMigrationPrefix",schemaPath:"#/properties/flyway/properties/repeatableSqlMigrationPrefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err178];
}
else {
vErrors.push(err178);
}
errors++;
}
}
if(data82.sqlMigrationSeparator !== undefined){
let data90 = data82.sqlMigrationSeparator;
if(typeof data90 === "string"){
if(func4(data90) < 1){
const err179 = {instancePath:instancePath+"/flyway/sqlMigrationSeparator",schemaPath:"#/properties/flyway/properties/sqlMigrationSeparator/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err179];
}
else {
vErrors.push(err179);
}
errors++;
}
}
else {
const err180 = {instancePath:instancePath+"/flyway/sqlMigrationSeparator",schemaPath:"#/properties/flyway/properties/sqlMigrationSeparator/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err180];
}
else {
vErrors.push(err180);
}
errors++;
}
}
if(data82.sqlMigrationSuffixes !== undefined){
let data91 = data82.sqlMigrationSuffixes;
if(Array.isArray(data91)){
if(data91.length < 1){
const err181 = {instancePath:instancePath+"/flyway/sqlMigrationSuffixes",schemaPath:"#/properties/flyway/properties/sqlMigrationSuffixes/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err181];
}
else {
vErrors.push(err181);
}
errors++;
}
const len16 = data91.length;
for(let i16=0; i16<len16; i16++){
let data92 = data91[i16];
if(typeof data92 === "string"){
if(func4(data92) < 1){
const err182 = {instancePath:instancePath+"/flyway/sqlMigrationSuffixes/" + i16,schemaPath:"#/properties/flyway/properties/sqlMigrationSuffixes/items/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err182];
}
else {
vErrors.push(err182);
}
errors++;
}
}
else {
const err183 = {instancePath:instancePath+"/flyway/sqlMigrationSuffixes/" + i16,schemaPath:"#/properties/flyway/properties/sqlMigrationSuffixes/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err183];
}
else {
vErrors.push(err183);
}
errors++;
}
}
}
else {
const err184 = {instancePath:instancePath+"/flyway/sqlMigrationSuffixes",schemaPath:"#/properties/flyway/properties/sqlMigrationSuffixes/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err184];
}
else {
vErrors.push(err184);
}
errors++;
}
}
}
else {
const err185 = {instancePath:instancePath+"/flyway",schemaPath:"#/properties/flyway/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err185];
}
else {
vErrors.push(err185);
}
errors++;
}
}
if(data.cache !== undefined){
let data93 = data.cache;
if(data93 && typeof data93 == "object" && !Array.isArray(data93)){
for(const key17 in data93){
if(!(key17 === "redis")){
const err186 = {instancePath:instancePath+"/cache",schemaPath:"#/properties/cache/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key17},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err186];
}
else {
vErrors.push(err186);
}
errors++;
}
}
if(data93.redis !== undefined){
let data94 = data93.redis;
if(data94 && typeof data94 == "object" && !Array.isArray(data94)){
for(const key18 in data94){
if(!(((key18 === "url") || (key18 === "keyPrefix")) || (key18 === "timeoutMilliseconds"))){
const err187 = {instancePath:instancePath+"/cache/redis",schemaPath:"#/properties/cache/properties/redis/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key18},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err187];
}
else {
vErrors.push(err187);
}
errors++;
}
}
if(data94.url !== undefined){
let data95 = data94.url;
if(typeof data95 === "string"){
if(func4(data95) < 1){
const err188 = {instancePath:instancePath+"/cache/redis/url",schemaPath:"#/properties/cache/properties/redis/properties/url/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err188];
}
else {
vErrors.push(err188);
}
errors++;
}
if(!pattern9.test(data95)){
const err189 = {instancePath:instancePath+"/cache/redis/url",schemaPath:"#/properties/cache/properties/redis/properties/url/pattern",keyword:"pattern",params:{pattern: "^(?!.*://[^/@]*:[^/@]*@)"},message:"must match pattern \""+"^(?!.*://[^/@]*:[^/@]*@)"+"\""};
if(vErrors === null){
vErrors = [err189];
}
else {
vErrors.push(err189);
}
errors++;
}
}
else {
const err190 = {instancePath:instancePath+"/cache/redis/url",schemaPath:"#/properties/cache/properties/redis/properties/url/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err190];
}
else {
vErrors.push(err190);
}
errors++;
}
}
if(data94.keyPrefix !== undefined){
let data96 = data94.keyPrefix;
if(typeof data96 === "string"){
if(!pattern10.test(data96)){
const err191 = {instancePath:instancePath+"/cache/redis/keyPrefix",schemaPath:"#/properties/cache/properties/redis/properties/keyPrefix/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9._:-]{1,64}$"},message:"must match pattern \""+"^[A-Za-z0-9._:-]{1,64}$"+"\""};
if(vErrors === null){
vErrors = [err191];
}
else {
vErrors.push(err191);
}
errors++;
}
}
else {
const err192 = {instancePath:instancePath+"/cache/redis/keyPrefix",schemaPath:"#/properties/cache/properties/redis/properties/keyPrefix/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err192];
}
else {
vErrors.push(err192);
}
errors++;
}
}
if(data94.timeoutMilliseconds !== undefined){
let data97 = data94.timeoutMilliseconds;
if(!(((typeof data97 == "number") && (!(data97 % 1) && !isNaN(data97))) && (isFinite(data97)))){
const err193 = {instancePath:instancePath+"/cache/redis/timeoutMilliseconds",schemaPath:"#/properties/cache/properties/redis/properties/timeoutMilliseconds/type",keyword:"type",params:{type: "integer"},message:"must be integer"};
if(vErrors === null){
vErrors = [err193];
}
else {
vErrors.push(err193);
}
errors++;
}
if((typeof data97 == "number") && (isFinite(data97))){
if(data97 > 10000 || isNaN(data97)){
const err194 = {instancePath:instancePath+"/cache/redis/timeoutMilliseconds",schemaPath:"#/properties/cache/properties/redis/properties/timeoutMilliseconds/maximum",keyword:"maximum",params:{comparison: "<=", limit: 10000},message:"must be <= 10000"};
if(vErrors === null){
vErrors = [err194];
}
else {
vErrors.push(err194);
}
errors++;
}
if(data97 < 10 || isNaN(data97)){
const err195 = {instancePath:instancePath+"/cache/redis/timeoutMilliseconds",schemaPath:"#/properties/cache/properties/redis/properties/timeoutMilliseconds/minimum",keyword:"minimum",params:{comparison: ">=", limit: 10},message:"must be >= 10"};
if(vErrors === null){
vErrors = [err195];
}
else {
vErrors.push(err195);
}
errors++;
}
}
}
}
else {
const err196 = {instancePath:instancePath+"/cache/redis",schemaPath:"#/properties/cache/properties/redis/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err196];
}
else {
vErrors.push(err196);
}
errors++;
}
}
}
else {
const err197 = {instancePath:instancePath+"/cache",schemaPath:"#/properties/cache/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err197];
}
else {
vErrors.push(err197);
}
errors++;
}
}
}
else {
const err198 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err198];
}
else {
vErrors.push(err198);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

export const validateLock = validate11;
const schema12 = {"$schema":"http://json-schema.org/draft-07/schema#","$id":"https://kustodian.dev/schemas/lock.schema.json","title":"Lock","description":"kustodian.lock.yaml: the committed tag→digest answers that make renders hermetic.","type":"object","additionalProperties":false,"required":["apiVersion","kind","images"],"properties":{"apiVersion":{"const":"kustodian.dev/v1alpha1"},"kind":{"const":"Lock"},"images":{"type":"array","items":{"type":"object","additionalProperties":false,"required":["reference","digest","mediaType","platforms"],"properties":{"reference":{"description":"The reference as written in the manifests.","type":"string","minLength":1},"digest":{"type":"string","pattern":"^sha256:[a-f0-9]{64}$","description":"The manifest or index digest the reference resolved to."},"mediaType":{"type":"string","minLength":1,"description":"The media type of that manifest or index (OCI index, Docker manifest list, OCI or Docker manifest)."},"platforms":{"description":"The platforms the image provides, normalised (os/arch[/variant]) and sorted; attestation entries excluded.","type":"array","items":{"type":"string","pattern":"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$"}},"env":{"description":"Per platform (os/arch[/variant]), the image config Env variables that steps asked for (only PG_MAJOR and PGDATA are recorded), so that locked renders need no registry.","type":"object","propertyNames":{"pattern":"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$"},"additionalProperties":{"type":"object","additionalProperties":false,"properties":{"PG_MAJOR":{"type":"string"},"PGDATA":{"type":"string"}}}}}},"description":"One entry per distinct image reference in the render, sorted by reference."}}};
const pattern11 = new RegExp("^sha256:[a-f0-9]{64}$", "u");
const pattern12 = new RegExp("^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$", "u");

function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
/*# sourceURL="https://kustodian.dev/schemas/lock.schema.json" */;
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.apiVersion === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "apiVersion"},message:"must have required property '"+"apiVersion"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.kind === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "kind"},message:"must have required property '"+"kind"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.images === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "images"},message:"must have required property '"+"images"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
for(const key0 in data){
if(!(((key0 === "apiVersion") || (key0 === "kind")) || (key0 === "images"))){
const err3 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.apiVersion !== undefined){
if("kustodian.dev/v1alpha1" !== data.apiVersion){
const err4 = {instancePath:instancePath+"/apiVersion",schemaPath:"#/properties/apiVersion/const",keyword:"const",params:{allowedValue: "kustodian.dev/v1alpha1"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.kind !== undefined){
if("Lock" !== data.kind){
const err5 = {instancePath:instancePath+"/kind",schemaPath:"#/properties/kind/const",keyword:"const",params:{allowedValue: "Lock"},message:"must be equal to constant"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.images !== undefined){
let data2 = data.images;
if(Array.isArray(data2)){
const len0 = data2.length;
for(let i0=0; i0<len0; i0++){
let data3 = data2[i0];
if(data3 && typeof data3 == "object" && !Array.isArray(data3)){
if(data3.reference === undefined){
const err6 = {instancePath:instancePath+"/images/" + i0,schemaPath:"#/properties/images/items/required",keyword:"required",params:{missingProperty: "reference"},message:"must have required property '"+"reference"+"'"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
if(data3.digest === undefined){
const err7 = {instancePath:instancePath+"/images/" + i0,schemaPath:"#/properties/images/items/required",keyword:"required",params:{missingProperty: "digest"},message:"must have required property '"+"digest"+"'"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(data3.mediaType === undefined){
const err8 = {instancePath:instancePath+"/images/" + i0,schemaPath:"#/properties/images/items/required",keyword:"required",params:{missingProperty: "mediaType"},message:"must have required property '"+"mediaType"+"'"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(data3.platforms === undefined){
const err9 = {instancePath:instancePath+"/images/" + i0,schemaPath:"#/properties/images/items/required",keyword:"required",params:{missingProperty: "platforms"},message:"must have required property '"+"platforms"+"'"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
for(const key1 in data3){
if(!(((((key1 === "reference") || (key1 === "digest")) || (key1 === "mediaType")) || (key1 === "platforms")) || (key1 === "env"))){
const err10 = {instancePath:instancePath+"/images/" + i0,schemaPath:"#/properties/images/items/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data3.reference !== undefined){
let data4 = data3.reference;
if(typeof data4 === "string"){
if(func4(data4) < 1){
const err11 = {instancePath:instancePath+"/images/" + i0+"/reference",schemaPath:"#/properties/images/items/properties/reference/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
else {
const err12 = {instancePath:instancePath+"/images/" + i0+"/reference",schemaPath:"#/properties/images/items/properties/reference/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data3.digest !== undefined){
let data5 = data3.digest;
if(typeof data5 === "string"){
if(!pattern11.test(data5)){
const err13 = {instancePath:instancePath+"/images/" + i0+"/digest",schemaPath:"#/properties/images/items/properties/digest/pattern",keyword:"pattern",params:{pattern: "^sha256:[a-f0-9]{64}$"},message:"must match pattern \""+"^sha256:[a-f0-9]{64}$"+"\""};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
else {
const err14 = {instancePath:instancePath+"/images/" + i0+"/digest",schemaPath:"#/properties/images/items/properties/digest/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data3.mediaType !== undefined){
let data6 = data3.mediaType;
if(typeof data6 === "string"){
if(func4(data6) < 1){
const err15 = {instancePath:instancePath+"/images/" + i0+"/mediaType",schemaPath:"#/properties/images/items/properties/mediaType/minLength",keyword:"minLength",params:{limit: 1},message:"must NOT have fewer than 1 characters"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
else {
const err16 = {instancePath:instancePath+"/images/" + i0+"/mediaType",schemaPath:"#/properties/images/items/properties/mediaType/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data3.platforms !== undefined){
let data7 = data3.platforms;
if(Array.isArray(data7)){
const len1 = data7.length;
for(let i1=0; i1<len1; i1++){
let data8 = data7[i1];
if(typeof data8 === "string"){
if(!pattern12.test(data8)){
const err17 = {instancePath:instancePath+"/images/" + i0+"/platforms/" + i1,schemaPath:"#/properties/images/items/properties/platforms/items/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$"},message:"must match pattern \""+"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$"+"\""};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
else {
const err18 = {instancePath:instancePath+"/images/" + i0+"/platforms/" + i1,schemaPath:"#/properties/images/items/properties/platforms/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
else {
const err19 = {instancePath:instancePath+"/images/" + i0+"/platforms",schemaPath:"#/properties/images/items/properties/platforms/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data3.env !== undefined){
let data9 = data3.env;
if(data9 && typeof data9 == "object" && !Array.isArray(data9)){
for(const key2 in data9){
const _errs21 = errors;
if(typeof key2 === "string"){
if(!pattern12.test(key2)){
const err20 = {instancePath:instancePath+"/images/" + i0+"/env",schemaPath:"#/properties/images/items/properties/env/propertyNames/pattern",keyword:"pattern",params:{pattern: "^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$"},message:"must match pattern \""+"^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9.]+)?$"+"\"",propertyName:key2};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
var valid6 = _errs21 === errors;
if(!valid6){
const err21 = {instancePath:instancePath+"/images/" + i0+"/env",schemaPath:"#/properties/images/items/properties/env/propertyNames",keyword:"propertyNames",params:{propertyName: key2},message:"property name must be valid"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
for(const key3 in data9){
let data10 = data9[key3];
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
for(const key4 in data10){
if(!((key4 === "PG_MAJOR") || (key4 === "PGDATA"))){
const err22 = {instancePath:instancePath+"/images/" + i0+"/env/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/images/items/properties/env/additionalProperties/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key4},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data10.PG_MAJOR !== undefined){
if(typeof data10.PG_MAJOR !== "string"){
const err23 = {instancePath:instancePath+"/images/" + i0+"/env/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/PG_MAJOR",schemaPath:"#/properties/images/items/properties/env/additionalProperties/properties/PG_MAJOR/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
if(data10.PGDATA !== undefined){
if(typeof data10.PGDATA !== "string"){
const err24 = {instancePath:instancePath+"/images/" + i0+"/env/" + key3.replace(/~/g, "~0").replace(/\//g, "~1")+"/PGDATA",schemaPath:"#/properties/images/items/properties/env/additionalProperties/properties/PGDATA/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
else {
const err25 = {instancePath:instancePath+"/images/" + i0+"/env/" + key3.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/images/items/properties/env/additionalProperties/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
}
}
else {
const err26 = {instancePath:instancePath+"/images/" + i0+"/env",schemaPath:"#/properties/images/items/properties/env/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
}
else {
const err27 = {instancePath:instancePath+"/images/" + i0,schemaPath:"#/properties/images/items/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
}
}
else {
const err28 = {instancePath:instancePath+"/images",schemaPath:"#/properties/images/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
}
else {
const err29 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
validate11.errors = vErrors;
return errors === 0;
}

