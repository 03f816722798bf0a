//! Hard limits of one plugin call, with defaults per hook kind.

use std::time::Duration;

use crate::Hook;

const KIB: usize = 1024;
const MIB: usize = 1024 * 1024;

/// The limits one call runs under. Every call has all of them: there is no
/// "unlimited". [`HostConfig::limits`](crate::HostConfig::limits) holds the
/// defaults per hook kind; a caller may pass tighter (or, up to the host's
/// ceilings, looser) ones for a single call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// WebAssembly fuel (about one unit per instruction executed).
    pub fuel: u64,
    /// Wall-clock deadline, start function included, measured by epoch ticks.
    pub deadline: Duration,
    /// Largest linear memory, in bytes.
    pub memory_bytes: u64,
    /// Largest table, in elements.
    pub table_elements: u32,
    /// Largest input JSON, in bytes.
    pub input_bytes: usize,
    /// Largest output JSON, in bytes.
    pub output_bytes: usize,
    /// Total bytes of log messages (stderr in compatibility mode).
    pub log_bytes: usize,
    /// Largest module that may run this hook, in bytes.
    pub module_bytes: usize,
}

impl Limits {
    /// The default limits of a hook kind. Validation runs while a user types
    /// and saves, so it gets the tightest budget; grading and workflow actions
    /// run in background jobs and get more.
    pub fn for_hook(hook: Hook) -> Limits {
        match hook {
            Hook::FieldValidate => Limits {
                fuel: 20_000_000,
                deadline: Duration::from_millis(100),
                memory_bytes: 16 * MIB as u64,
                table_elements: 10_000,
                input_bytes: 256 * KIB,
                output_bytes: 16 * KIB,
                log_bytes: 16 * KIB,
                module_bytes: 4 * MIB,
            },
            Hook::FieldCompute => Limits {
                fuel: 50_000_000,
                deadline: Duration::from_millis(200),
                memory_bytes: 32 * MIB as u64,
                table_elements: 10_000,
                input_bytes: MIB,
                output_bytes: 64 * KIB,
                log_bytes: 16 * KIB,
                module_bytes: 4 * MIB,
            },
            Hook::Grade => Limits {
                fuel: 100_000_000,
                deadline: Duration::from_millis(500),
                memory_bytes: 64 * MIB as u64,
                table_elements: 10_000,
                input_bytes: MIB,
                output_bytes: 16 * KIB,
                log_bytes: 64 * KIB,
                module_bytes: 8 * MIB,
            },
            Hook::WorkflowAction => Limits {
                fuel: 100_000_000,
                deadline: Duration::from_millis(500),
                memory_bytes: 64 * MIB as u64,
                table_elements: 10_000,
                input_bytes: MIB,
                output_bytes: 256 * KIB,
                log_bytes: 64 * KIB,
                module_bytes: 8 * MIB,
            },
        }
    }

    /// These limits with every limit `o` sets replaced (a plan's limits).
    pub fn overridden(self, o: &guanxi_core::plugin_limits::PluginLimits) -> Limits {
        Limits {
            fuel: o.fuel.unwrap_or(self.fuel),
            deadline: o.deadline_ms.map_or(self.deadline, Duration::from_millis),
            memory_bytes: o.memory_bytes.unwrap_or(self.memory_bytes),
            table_elements: o.table_elements.unwrap_or(self.table_elements),
            input_bytes: o.input_bytes.unwrap_or(self.input_bytes),
            output_bytes: o.output_bytes.unwrap_or(self.output_bytes),
            log_bytes: o.log_bytes.unwrap_or(self.log_bytes),
            module_bytes: o.module_bytes.unwrap_or(self.module_bytes),
        }
    }

    /// Every limit, as a report (all fields set).
    pub fn report(&self) -> guanxi_core::plugin_limits::PluginLimits {
        guanxi_core::plugin_limits::PluginLimits {
            fuel: Some(self.fuel),
            deadline_ms: Some(u64::try_from(self.deadline.as_millis()).unwrap_or(u64::MAX)),
            memory_bytes: Some(self.memory_bytes),
            table_elements: Some(self.table_elements),
            input_bytes: Some(self.input_bytes),
            output_bytes: Some(self.output_bytes),
            log_bytes: Some(self.log_bytes),
            module_bytes: Some(self.module_bytes),
        }
    }

    /// These limits with the fuel budget replaced.
    pub fn with_fuel(mut self, fuel: u64) -> Self {
        self.fuel = fuel;
        self
    }

    /// These limits with the deadline replaced.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// These limits with the memory cap replaced.
    pub fn with_memory_bytes(mut self, bytes: u64) -> Self {
        self.memory_bytes = bytes;
        self
    }

    /// These limits with the output cap replaced.
    pub fn with_output_bytes(mut self, bytes: usize) -> Self {
        self.output_bytes = bytes;
        self
    }

    /// These limits with the log cap replaced.
    pub fn with_log_bytes(mut self, bytes: usize) -> Self {
        self.log_bytes = bytes;
        self
    }
}

/// Default limits for each hook kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HookLimits {
    /// Limits of `field.validate`.
    pub field_validate: Limits,
    /// Limits of `field.compute`.
    pub field_compute: Limits,
    /// Limits of `grade`.
    pub grade: Limits,
    /// Limits of `workflow.action`.
    pub workflow_action: Limits,
}

impl HookLimits {
    /// The limits of one hook kind.
    pub fn get(&self, hook: Hook) -> Limits {
        match hook {
            Hook::FieldValidate => self.field_validate,
            Hook::FieldCompute => self.field_compute,
            Hook::Grade => self.grade,
            Hook::WorkflowAction => self.workflow_action,
        }
    }

    /// Replace the limits of one hook kind.
    pub fn set(&mut self, hook: Hook, limits: Limits) {
        match hook {
            Hook::FieldValidate => self.field_validate = limits,
            Hook::FieldCompute => self.field_compute = limits,
            Hook::Grade => self.grade = limits,
            Hook::WorkflowAction => self.workflow_action = limits,
        }
    }
}

impl Default for HookLimits {
    fn default() -> Self {
        Self {
            field_validate: Limits::for_hook(Hook::FieldValidate),
            field_compute: Limits::for_hook(Hook::FieldCompute),
            grade: Limits::for_hook(Hook::Grade),
            workflow_action: Limits::for_hook(Hook::WorkflowAction),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use guanxi_core::plugin_limits::PluginLimits;

    #[test]
    fn a_plan_replaces_only_what_it_sets() {
        let base = Limits::for_hook(Hook::Grade);
        let plan = PluginLimits { fuel: Some(7), deadline_ms: Some(2000), ..PluginLimits::default() };
        let l = base.overridden(&plan);
        assert_eq!(l.fuel, 7);
        assert_eq!(l.deadline, Duration::from_secs(2));
        assert_eq!(Limits { fuel: base.fuel, deadline: base.deadline, ..l }, base);
        assert_eq!(l.report().fuel, Some(7));
        assert_eq!(l.report().module_bytes, Some(base.module_bytes));
    }
}
