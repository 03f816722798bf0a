//! The cross-tenant attack list, generated from the committed schema
//! (`schema/graphql/schema.graphql`) rather than written by hand: every
//! Query and Mutation field with an `ID` argument, or an input object that
//! holds one at any depth, is a target, so a new operation cannot skip the
//! suite. Each `ID` position must be mapped to the kind of object it names;
//! an unmapped one fails the test with a message saying where to map it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};

/// The kinds of object an `ID` can name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    User,
    Group,
    Invitation,
    Mail,
    ApiKey,
    Backup,
    WorkPlan,
    Job,
    BoardPost,
    BoardReply,
    Suggestion,
    Customer,
    CustomField,
    Plugin,
    PluginVersion,
    PluginAttachment,
    Deal,
    GradingModel,
    Conversation,
    CustomerImport,
    AuditEntry,
    Webhook,
    WebhookDelivery,
    Notification,
    Workflow,
    WorkflowRun,
    Segment,
    Tag,
    CustomerMerge,
}

/// `ID` positions named by their operation and path (`operation.argument`
/// or `operation.argument.inputField`): the plain `id`/`ids` arguments and
/// the pagination cursors, whose kind depends on the operation.
const BY_POSITION: &[(&str, Kind)] = &[
    // Users and groups.
    ("updateUser.id", Kind::User),
    ("deactivateUser.id", Kind::User),
    ("reactivateUser.id", Kind::User),
    ("erasePersonalDetails.id", Kind::User),
    ("offboardUser.id", Kind::User),
    ("user.id", Kind::User),
    ("teamMember.id", Kind::User),
    ("renameGroup.id", Kind::Group),
    ("deleteGroup.id", Kind::Group),
    ("group.id", Kind::Group),
    // Administration.
    ("revokeInvitation.id", Kind::Invitation),
    ("renewInvitationLink.id", Kind::Invitation),
    ("retryMail.id", Kind::Mail),
    ("revokeApiKey.id", Kind::ApiKey),
    ("backupDownloadLink.id", Kind::Backup),
    ("backup.id", Kind::Backup),
    ("cancelJob.id", Kind::Job),
    ("job.id", Kind::Job),
    ("auditLog.before", Kind::AuditEntry),
    ("webhook.id", Kind::Webhook),
    ("updateWebhook.id", Kind::Webhook),
    ("deleteWebhook.id", Kind::Webhook),
    ("rotateWebhookSecret.id", Kind::Webhook),
    ("enableWebhook.id", Kind::Webhook),
    ("disableWebhook.id", Kind::Webhook),
    ("replayWebhookDelivery.id", Kind::WebhookDelivery),
    ("markNotificationsRead.ids", Kind::Notification),
    ("segment.id", Kind::Segment),
    ("updateSegment.id", Kind::Segment),
    ("deleteSegment.id", Kind::Segment),
    ("bulkEditCustomers.ids", Kind::Customer),
    ("updateTag.id", Kind::Tag),
    ("deleteTag.id", Kind::Tag),
    ("mergeTags.into", Kind::Tag),
    ("mergeTags.sources", Kind::Tag),
    ("customerMerge.id", Kind::CustomerMerge),
    ("dismissDuplicate.otherId", Kind::Customer),
    ("restoreDuplicate.otherId", Kind::Customer),
    ("undoCustomerMerge.id", Kind::CustomerMerge),
    ("workflow.id", Kind::Workflow),
    ("updateWorkflow.id", Kind::Workflow),
    ("publishWorkflow.id", Kind::Workflow),
    ("deactivateWorkflow.id", Kind::Workflow),
    ("archiveWorkflow.id", Kind::Workflow),
    ("rotateWorkflowWebhookSecret.id", Kind::Workflow),
    ("workflowRun.id", Kind::WorkflowRun),
    ("retryWorkflowRun.id", Kind::WorkflowRun),
    ("stopWorkflowRun.id", Kind::WorkflowRun),
    // Plans, the board, suggestions.
    ("updateWorkPlan.id", Kind::WorkPlan),
    ("setWorkPlanDone.id", Kind::WorkPlan),
    ("deleteWorkPlan.id", Kind::WorkPlan),
    ("workPlan.id", Kind::WorkPlan),
    ("updateBoardPost.id", Kind::BoardPost),
    ("deleteBoardPost.id", Kind::BoardPost),
    ("boardPost.id", Kind::BoardPost),
    ("boardPosts.before", Kind::BoardPost),
    ("updateBoardReply.id", Kind::BoardReply),
    ("deleteBoardReply.id", Kind::BoardReply),
    ("deleteSuggestion.id", Kind::Suggestion),
    ("suggestion.id", Kind::Suggestion),
    ("suggestions.before", Kind::Suggestion),
    ("mySuggestions.before", Kind::Suggestion),
    // Customers and what hangs on them.
    ("updateCustomer.id", Kind::Customer),
    ("setCustomerPhoto.id", Kind::Customer),
    ("removeCustomerPhoto.id", Kind::Customer),
    ("releaseCustomer.id", Kind::Customer),
    ("claimCustomer.id", Kind::Customer),
    ("deleteCustomerPermanently.id", Kind::Customer),
    ("setCustomerLocked.id", Kind::Customer),
    ("setCustomerMailOptOut.id", Kind::Customer),
    ("assignCustomers.ids", Kind::Customer),
    ("releaseCustomers.ids", Kind::Customer),
    ("exportCustomers.ids", Kind::Customer),
    ("customer.id", Kind::Customer),
    ("customerImport.id", Kind::CustomerImport),
    ("updateDeal.id", Kind::Deal),
    ("deleteDeal.id", Kind::Deal),
    ("editConversationContent.id", Kind::Conversation),
    ("editConversationCustom.id", Kind::Conversation),
    ("editConversationTime.id", Kind::Conversation),
    ("deleteConversation.id", Kind::Conversation),
    ("conversation.id", Kind::Conversation),
    // Custom fields, grading, plugins.
    ("updateCustomField.id", Kind::CustomField),
    ("reorderCustomFields.ids", Kind::CustomField),
    ("archiveCustomField.id", Kind::CustomField),
    ("deleteCustomField.id", Kind::CustomField),
    ("previewCustomFieldTypeChange.id", Kind::CustomField),
    ("changeCustomFieldType.id", Kind::CustomField),
    ("updateGradingModel.id", Kind::GradingModel),
    ("deleteGradingModel.id", Kind::GradingModel),
    ("gradingModel.id", Kind::GradingModel),
    ("rollbackPlugin.id", Kind::Plugin),
    ("configurePlugin.id", Kind::Plugin),
    ("setPluginEnabled.id", Kind::Plugin),
    ("deletePlugin.id", Kind::Plugin),
    ("plugin.id", Kind::Plugin),
];

/// Query fields without required arguments whose answer changes by being
/// asked, so comparing it before and after says nothing: `searchToken` mints
/// a new credential at every call (and needs Meilisearch), and `planUsage`
/// counts the API requests of the minute, these reads included.
const NOT_DATA: &[&str] = &["searchToken", "planUsage"];

/// `ID` arguments and input fields whose name says their kind wherever they
/// appear.
const BY_NAME: &[(&str, Kind)] = &[
    ("userId", Kind::User),
    ("toUserId", Kind::User),
    ("fromUserId", Kind::User),
    ("ownerId", Kind::User),
    ("authorId", Kind::User),
    ("successorId", Kind::User),
    ("groupId", Kind::Group),
    ("customerId", Kind::Customer),
    ("postId", Kind::BoardPost),
    ("parentId", Kind::BoardReply),
    ("suggestionId", Kind::Suggestion),
    ("fieldId", Kind::CustomField),
    ("gradingModelId", Kind::GradingModel),
    ("modelId", Kind::GradingModel),
    ("pluginId", Kind::Plugin),
    ("versionId", Kind::PluginVersion),
    ("attachmentId", Kind::PluginAttachment),
    ("workflowId", Kind::Workflow),
    ("runAsId", Kind::User),
    ("supervisedGroupIds", Kind::Group),
    ("segmentId", Kind::Segment),
    ("survivorId", Kind::Customer),
    ("mergedIds", Kind::Customer),
];

/// Literal values for required non-`ID` arguments and input fields where the
/// generic dummy for their type would be refused for a reason other than the
/// foreign id (which would make the attack prove nothing): keyed by
/// `operation.argument` or `InputType.field`.
const OVERRIDES: &[(&str, &str)] = &[
    ("InviteUserInput.email", "\"isolation.invitee@example.cn\""),
    ("InviteUserInput.role", "SALESPERSON"),
    ("AutomationIdentityInput.role", "SUPERVISOR"),
    ("DealInput.amount", "\"100\""),
    ("CustomFieldInput.key", "\"isolation\""),
    ("CustomFieldInput.label", "\"隔离\""),
    ("GradingModelInput.kind", "ABCD"),
    ("changeCustomFieldType.type", "TEXT"),
    ("previewCustomFieldTypeChange.type", "TEXT"),
    ("BulkCustomerChange.grade", "VIP"),
    ("CreateWorkflowInput.definition", "{trigger: {type: \"manual\"}, steps: [{type: \"delay\", minutes: 1}]}"),
];

/// Optional `ID` positions filled with the caller's own object when another
/// position is attacked: without one of them the operation is refused
/// before it looks at any id (a plugin attachment needs a target).
const OWN_FILLED: &[&str] = &["attachPlugin.target.fieldId"];

/// Arguments that have a default but are filled anyway: a delete that is
/// not confirmed may be refused before the id is looked at.
const ALWAYS_FILLED: &[&str] = &["confirm"];

/// One `ID` position of an operation.
#[derive(Clone, Debug)]
pub struct Slot {
    /// Argument name, then input field names.
    pub path: Vec<String>,
    /// `[ID!]` rather than `ID`.
    pub list: bool,
    /// The operation cannot be sent without it.
    pub required: bool,
    /// What it names.
    pub kind: Kind,
}

/// An operation that takes at least one `ID`.
#[derive(Clone, Debug)]
pub struct Target {
    /// `query` or `mutation`.
    pub operation: &'static str,
    /// The field name.
    pub field: String,
    /// Its `ID` positions.
    pub slots: Vec<Slot>,
}

/// One generated request.
#[derive(Clone, Debug)]
pub struct Attack {
    /// The document, with any uploads as variables `$u0`, `$u1` ….
    pub query: String,
    /// The upload variables' names.
    pub uploads: Vec<String>,
    /// Human description: the operation and which positions hold foreign ids.
    pub label: String,
    /// The target field (the response's data key).
    pub field: String,
    /// A lookup that narrows a list (a filter or a cursor): an empty or
    /// own-company answer is as correct as an error.
    pub narrowing: bool,
    /// The names of the arguments and input fields holding foreign ids: a
    /// refusal as invalid input must name one of them, or the request was
    /// refused for something else and proves nothing.
    pub foreign_fields: Vec<String>,
}

/// One way of filling an operation's `ID` positions: a description, the
/// literal for each position given (by path), and the names of those that
/// hold foreign ids.
struct Variant {
    label: String,
    values: BTreeMap<Vec<String>, String>,
    foreign_fields: Vec<String>,
}

#[derive(Clone, Debug)]
struct InputValue {
    name: String,
    ty: Type,
    has_default: bool,
}

#[derive(Clone, Debug)]
struct Field {
    name: String,
    args: Vec<InputValue>,
    ty: Type,
}

/// The committed schema, reduced to what generating requests needs.
pub struct Sdl {
    objects: HashMap<String, Vec<Field>>,
    inputs: HashMap<String, Vec<InputValue>>,
    enums: HashMap<String, Vec<String>>,
}

fn named(ty: &Type) -> &str {
    match &ty.base {
        BaseType::Named(n) => n.as_str(),
        BaseType::List(inner) => named(inner),
    }
}

fn is_list(ty: &Type) -> bool {
    matches!(ty.base, BaseType::List(_))
}

impl Sdl {
    /// Parse `schema/graphql/schema.graphql`.
    pub fn load() -> Sdl {
        let path = guanxi_tests::repo_root().join("schema/graphql/schema.graphql");
        Sdl::parse(&std::fs::read_to_string(&path).unwrap())
    }

    /// Parse an SDL text.
    pub fn parse(text: &str) -> Sdl {
        let doc = async_graphql::parser::parse_schema(text).unwrap();
        let mut sdl = Sdl { objects: HashMap::new(), inputs: HashMap::new(), enums: HashMap::new() };
        let value = |v: &async_graphql::parser::types::InputValueDefinition| InputValue {
            name: v.name.node.to_string(),
            ty: v.ty.node.clone(),
            has_default: v.default_value.is_some(),
        };
        for def in doc.definitions {
            let TypeSystemDefinition::Type(t) = def else { continue };
            let name = t.node.name.node.to_string();
            match t.node.kind {
                TypeKind::Object(o) => {
                    let fields = o
                        .fields
                        .iter()
                        .map(|f| Field {
                            name: f.node.name.node.to_string(),
                            args: f.node.arguments.iter().map(|a| value(&a.node)).collect(),
                            ty: f.node.ty.node.clone(),
                        })
                        .collect();
                    sdl.objects.insert(name, fields);
                }
                TypeKind::InputObject(i) => {
                    sdl.inputs.insert(name, i.fields.iter().map(|f| value(&f.node)).collect());
                }
                TypeKind::Enum(e) => {
                    sdl.enums.insert(name, e.values.iter().map(|v| v.node.value.node.to_string()).collect());
                }
                _ => {}
            }
        }
        sdl
    }

    /// Every Query and Mutation field that takes an `ID`, with its positions
    /// mapped to kinds. Panics, naming every unmapped position, if the
    /// schema has one this file does not know.
    pub fn targets(&self) -> Vec<Target> {
        let mut out = Vec::new();
        let mut unmapped = Vec::new();
        for (operation, root) in [("query", "Query"), ("mutation", "Mutation")] {
            for f in &self.objects[root] {
                let mut slots = Vec::new();
                for a in &f.args {
                    self.collect(&f.name, vec![a.name.clone()], &a.ty, !a.ty.nullable, &mut slots, &mut unmapped, 0);
                }
                if !slots.is_empty() {
                    out.push(Target { operation, field: f.name.clone(), slots });
                }
            }
        }
        assert!(
            unmapped.is_empty(),
            "these ID arguments of schema/graphql/schema.graphql are not mapped to the kind of object they name, \
             so the cross-tenant suite cannot attack them: {unmapped:#?}\nAdd each to BY_POSITION (or, for a name \
             that means the same everywhere, BY_NAME) in tests/e2e/isolation/targets.rs, and make sure \
             tests/e2e/isolation.rs creates an object of that kind in both companies."
        );
        out
    }

    #[expect(clippy::too_many_arguments, reason = "a recursive walk carrying its context")]
    fn collect(
        &self,
        op: &str,
        path: Vec<String>,
        ty: &Type,
        required: bool,
        slots: &mut Vec<Slot>,
        unmapped: &mut Vec<String>,
        depth: usize,
    ) {
        let name = named(ty);
        if name == "ID" {
            let key = format!("{op}.{}", path.join("."));
            let last = path.last().map(String::as_str).unwrap_or_default();
            let kind = BY_POSITION
                .iter()
                .find(|(k, _)| *k == key)
                .or_else(|| BY_NAME.iter().find(|(k, _)| *k == last))
                .map(|(_, kind)| *kind);
            match kind {
                Some(kind) => slots.push(Slot { path, list: is_list(ty), required, kind }),
                None => unmapped.push(key),
            }
        } else if let Some(fields) = self.inputs.get(name) {
            // Input objects do not nest deeply here; the bound only guards
            // against a self-referencing input type.
            if depth > 4 {
                return;
            }
            for f in fields {
                let mut p = path.clone();
                p.push(f.name.clone());
                let req = required && !f.ty.nullable && !f.has_default;
                self.collect(op, p, &f.ty, req, slots, unmapped, depth + 1);
            }
        }
    }

    fn root_field(&self, t: &Target) -> &Field {
        let root = if t.operation == "query" { "Query" } else { "Mutation" };
        self.objects[root].iter().find(|f| f.name == t.field).unwrap()
    }

    /// The requests for `t`: for each `ID` position, each of `foreign`'s
    /// objects of its kind there, with the other required positions holding
    /// `own` objects (so only the foreign id can be why it fails); and one
    /// with every position the operation needs foreign at once. A list
    /// position gets `[foreign]` and `[own, foreign]`.
    pub fn attacks(
        &self,
        t: &Target,
        own: &BTreeMap<Kind, Vec<String>>,
        foreign: &BTreeMap<Kind, Vec<String>>,
    ) -> Vec<Attack> {
        let id_of = |m: &BTreeMap<Kind, Vec<String>>, k: Kind| -> Vec<String> {
            m.get(&k).cloned().unwrap_or_else(|| panic!("no object of kind {k:?} was created for the suite"))
        };
        let own_filled = |s: &Slot| OWN_FILLED.contains(&format!("{}.{}", t.field, s.path.join(".")).as_str());
        let mut out = Vec::new();
        let mut variants: Vec<Variant> = Vec::new();
        let lit = |ids: &[&String], list: bool| -> String {
            let quoted: Vec<String> = ids.iter().map(|i| format!("\"{i}\"")).collect();
            if list { format!("[{}]", quoted.join(", ")) } else { quoted[0].clone() }
        };
        for (i, s) in t.slots.iter().enumerate() {
            let own_id = id_of(own, s.kind)[0].clone();
            for z in id_of(foreign, s.kind) {
                let mut choices: Vec<Vec<&String>> = vec![vec![&z]];
                if s.list {
                    choices.push(vec![&own_id, &z]);
                }
                for ids in choices {
                    let mut values = BTreeMap::new();
                    for (j, other) in t.slots.iter().enumerate() {
                        if j == i {
                            values.insert(other.path.clone(), lit(&ids, s.list));
                        } else if other.required {
                            let o = &id_of(own, other.kind)[0];
                            values.insert(other.path.clone(), lit(&[o], other.list));
                        }
                    }
                    // An own-filled position only where no sibling is given:
                    // such targets take one of several positions.
                    for other in t.slots.iter().filter(|o| own_filled(o)) {
                        let parent = &other.path[..other.path.len() - 1];
                        if !values.keys().any(|p| p.starts_with(parent) && p.len() == other.path.len()) {
                            let o = &id_of(own, other.kind)[0];
                            values.insert(other.path.clone(), lit(&[o], other.list));
                        }
                    }
                    let name = s.path.last().cloned().unwrap_or_default();
                    variants.push(Variant {
                        label: format!("{} = foreign {:?}", s.path.join("."), s.kind),
                        values,
                        foreign_fields: vec![name],
                    });
                }
            }
        }
        // Every position the operation needs foreign at once (optional ones
        // each had their turn above).
        let needed: Vec<&Slot> = t.slots.iter().filter(|s| s.required || own_filled(s)).collect();
        if needed.len() > 1 {
            let values = needed.iter().map(|s| (s.path.clone(), lit(&[&id_of(foreign, s.kind)[0]], s.list))).collect();
            let names = needed.iter().filter_map(|s| s.path.last().cloned()).collect();
            variants.push(Variant { label: "every id foreign".to_owned(), values, foreign_fields: names });
        }
        let field = self.root_field(t);
        for Variant { label, values, foreign_fields } in variants {
            let narrowing =
                t.operation == "query" && t.slots.iter().filter(|s| values.contains_key(&s.path)).all(|s| !s.required);
            let narrowing = narrowing || values.keys().any(|p| p[0] == "filter");
            let mut uploads = Vec::new();
            let mut args = Vec::new();
            for a in &field.args {
                let ids: BTreeMap<&[String], &String> =
                    values.iter().filter(|(p, _)| p[0] == a.name).map(|(p, v)| (&p[1..], v)).collect();
                let needed = (!a.ty.nullable && !a.has_default) || ALWAYS_FILLED.contains(&a.name.as_str());
                if ids.is_empty() && !needed {
                    continue;
                }
                if named(&a.ty) == "Upload" {
                    let var = format!("u{}", uploads.len());
                    args.push(format!("{}: ${var}", a.name));
                    uploads.push(var);
                    continue;
                }
                let key = format!("{}.{}", t.field, a.name);
                args.push(format!("{}: {}", a.name, self.literal(&key, &a.ty, &ids)));
            }
            let vars = if uploads.is_empty() {
                String::new()
            } else {
                let v: Vec<String> = uploads.iter().map(|v| format!("${v}: Upload!")).collect();
                format!("({})", v.join(", "))
            };
            let args = if args.is_empty() { String::new() } else { format!("({})", args.join(", ")) };
            let sel = self.selection(named(&field.ty), 1);
            let sel = if sel.is_empty() { String::new() } else { format!(" {{ {sel} }}") };
            out.push(Attack {
                query: format!("{}{vars} {{ {}{args}{sel} }}", t.operation, t.field),
                uploads,
                label: format!("{} {} ({label})", t.operation, t.field),
                field: t.field.clone(),
                narrowing,
                foreign_fields,
            });
        }
        out
    }

    /// A literal of type `ty` for the position `key`, with the `ID`s given
    /// by their remaining paths (an empty path: this very value).
    fn literal(&self, key: &str, ty: &Type, ids: &BTreeMap<&[String], &String>) -> String {
        if let Some(v) = ids.get(&[][..]) {
            return (*v).clone();
        }
        if let Some((_, v)) = OVERRIDES.iter().find(|(k, _)| *k == key) {
            return (*v).to_owned();
        }
        let name = named(ty);
        let inner = if let Some(fields) = self.inputs.get(name) {
            let mut parts = Vec::new();
            for f in fields {
                let sub: BTreeMap<&[String], &String> =
                    ids.iter().filter(|(p, _)| p.first() == Some(&f.name)).map(|(p, v)| (&p[1..], *v)).collect();
                let key = format!("{name}.{}", f.name);
                // Optional fields with a value of their own are filled too
                // (a change that changes nothing is refused before any id).
                let needed = (!f.ty.nullable && !f.has_default) || OVERRIDES.iter().any(|(k, _)| *k == key);
                if sub.is_empty() && !needed {
                    continue;
                }
                parts.push(format!("{}: {}", f.name, self.literal(&format!("{name}.{}", f.name), &f.ty, &sub)));
            }
            format!("{{{}}}", parts.join(", "))
        } else if let Some(values) = self.enums.get(name) {
            values[0].clone()
        } else {
            match name {
                "String" => "\"isolation\"".to_owned(),
                "Int" => "1".to_owned(),
                "Float" => "1.0".to_owned(),
                "Boolean" => "true".to_owned(),
                // In the past: times in the future are refused for what has happened.
                "DateTime" => "\"2025-01-01T08:00:00Z\"".to_owned(),
                "NaiveDate" => "\"2025-01-01\"".to_owned(),
                "JSON" => "{}".to_owned(),
                other => panic!(
                    "no dummy value for the scalar {other} at {key}: add one to Sdl::literal in \
                     tests/e2e/isolation/targets.rs"
                ),
            }
        };
        if is_list(ty) { format!("[{inner}]") } else { inner }
    }

    /// A selection of `ty`'s fields that need no arguments: scalars and
    /// enums, and object fields down to `depth` levels. Empty for a scalar.
    pub fn selection(&self, ty: &str, depth: usize) -> String {
        let Some(fields) = self.objects.get(ty) else { return String::new() };
        let mut parts = vec!["__typename".to_owned()];
        for f in fields {
            if f.args.iter().any(|a| !a.ty.nullable && !a.has_default) {
                continue;
            }
            let inner = named(&f.ty);
            if self.objects.contains_key(inner) {
                if depth > 1 {
                    parts.push(format!("{} {{ {} }}", f.name, self.selection(inner, depth - 1)));
                }
            } else {
                parts.push(f.name.clone());
            }
        }
        parts.join(" ")
    }

    /// Query fields that read a list or a setting without naming an object:
    /// no required arguments other than enums (filled with each value).
    /// Used to compare a company's data before and after, and to check
    /// that neither company's lists show the other's objects.
    pub fn reads(&self, depth: usize) -> Vec<String> {
        let mut out = Vec::new();
        for f in &self.objects["Query"] {
            if NOT_DATA.contains(&f.name.as_str()) {
                continue;
            }
            let required: Vec<&InputValue> = f.args.iter().filter(|a| !a.ty.nullable && !a.has_default).collect();
            let sel = self.selection(named(&f.ty), depth);
            let sel = if sel.is_empty() { String::new() } else { format!(" {{ {sel} }}") };
            match required.as_slice() {
                [] => out.push(format!("{{ {}{sel} }}", f.name)),
                [a] if self.enums.contains_key(named(&a.ty)) => {
                    for v in &self.enums[named(&a.ty)] {
                        out.push(format!("{{ {}({}: {v}){sel} }}", f.name, a.name));
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// By-id reads of every object `objects` lists: each Query field whose
    /// only required argument is `id`, mapped to that object's kind.
    pub fn lookups(&self, objects: &BTreeMap<Kind, Vec<String>>, depth: usize) -> Vec<String> {
        let mut out = Vec::new();
        for f in &self.objects["Query"] {
            let required: BTreeSet<&str> =
                f.args.iter().filter(|a| !a.ty.nullable && !a.has_default).map(|a| a.name.as_str()).collect();
            if required != BTreeSet::from(["id"]) {
                continue;
            }
            let key = format!("{}.id", f.name);
            let Some((_, kind)) = BY_POSITION.iter().find(|(k, _)| *k == key) else { continue };
            let sel = self.selection(named(&f.ty), depth);
            for id in objects.get(kind).into_iter().flatten() {
                out.push(format!("{{ {}(id: \"{id}\") {{ {sel} }} }}", f.name));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SDL: &str = "
        type Query { customer(id: ID!): Customer! customers(filter: Filter): [Customer!]! }
        type Mutation { move(input: MoveInput!): Customer! }
        type Customer { id: ID! name: String! }
        input Filter { ownerId: ID search: String }
        input MoveInput { to: Target! reason: String! }
        input Target { groupId: ID! userId: ID }
    ";

    #[test]
    fn ids_are_found_in_arguments_and_nested_inputs() {
        let sdl = Sdl::parse(SDL);
        let found: Vec<(String, String, Kind, bool)> = sdl
            .targets()
            .into_iter()
            .flat_map(|t| t.slots.into_iter().map(move |s| (t.field.clone(), s.path.join("."), s.kind, s.required)))
            .collect();
        assert_eq!(
            found,
            [
                ("customer".to_owned(), "id".to_owned(), Kind::Customer, true),
                ("customers".to_owned(), "filter.ownerId".to_owned(), Kind::User, false),
                ("move".to_owned(), "input.to.groupId".to_owned(), Kind::Group, true),
                ("move".to_owned(), "input.to.userId".to_owned(), Kind::User, false),
            ]
        );
        // The required string is filled in; the foreign group goes where it belongs.
        let own = BTreeMap::from([(Kind::Group, vec!["g-own".to_owned()]), (Kind::User, vec!["u-own".to_owned()])]);
        let foreign = BTreeMap::from([(Kind::Group, vec!["g-z".to_owned()]), (Kind::User, vec!["u-z".to_owned()])]);
        let targets = sdl.targets();
        let moves = sdl.attacks(&targets[2], &own, &foreign);
        assert_eq!(
            moves[0].query,
            "mutation { move(input: {to: {groupId: \"g-z\"}, reason: \"isolation\"}) { __typename id name } }"
        );
        assert_eq!(
            moves[1].query,
            "mutation { move(input: {to: {groupId: \"g-own\", userId: \"u-z\"}, reason: \"isolation\"}) { __typename id name } }"
        );
        assert!(sdl.attacks(&targets[1], &own, &foreign)[0].narrowing);
    }

    #[test]
    #[should_panic(expected = "Add each to BY_POSITION")]
    fn an_unmapped_id_fails_with_where_to_map_it() {
        Sdl::parse("type Query { widget(id: ID!): String! } type Mutation { noop: Boolean! }").targets();
    }
}
