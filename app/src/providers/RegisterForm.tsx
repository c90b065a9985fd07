/**
 * Registering as an inference provider: metadata (name, endpoint, stages,
 * attestation digest), the bond and the storage deposit, checked by
 * register-form.ts before the plan is shown for signing.
 */
import { useState } from "react";
import { useApp } from "../app-context.ts";
import { registerProviderPlan } from "../tx/provider-calls.ts";
import { ErrorNote } from "../ui/primitives.tsx";
import { readRegisterForm } from "./register-form.ts";

export function RegisterForm({
  feesId,
  stageCount,
  onDone,
}: {
  feesId: string;
  stageCount: number;
  onDone: () => void;
}) {
  const app = useApp();
  const [name, setName] = useState("");
  const [endpoint, setEndpoint] = useState("https://");
  const [stages, setStages] = useState<number[]>([0]);
  const [digest, setDigest] = useState("");
  const [bond, setBond] = useState("1");
  const [storage, setStorage] = useState("0.5");
  const [errors, setErrors] = useState<string[]>([]);

  const toggle = (stage: number) =>
    setStages((current) => (current.includes(stage) ? current.filter((s) => s !== stage) : [...current, stage]));
  const submit = async () => {
    const read = readRegisterForm({ name, endpoint, stages, digest, bond, storage }, stageCount);
    if (!read.ok) {
      setErrors(read.errors);
      return;
    }
    setErrors([]);
    const plan = registerProviderPlan({ feesId, metadata: read.metadata, bond: read.bond, storage: read.storage });
    if (await app.sign(plan)) onDone();
  };

  return (
    <section className="card" aria-labelledby="register-title">
      <h2 id="register-title">Register as a provider</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label>
          Name <input value={name} onChange={(event) => setName(event.target.value)} data-testid="provider-name" />
        </label>
        <label>
          Endpoint{" "}
          <input
            type="url"
            value={endpoint}
            onChange={(event) => setEndpoint(event.target.value)}
            data-testid="provider-endpoint"
          />
        </label>
        <fieldset>
          <legend>Stages served</legend>
          {Array.from({ length: stageCount }, (_, index) => index).map((stage) => (
            <label key={stage}>
              <input type="checkbox" checked={stages.includes(stage)} onChange={() => toggle(stage)} /> {stage}
            </label>
          ))}
        </fieldset>
        <label>
          Attestation digest (optional){" "}
          <input value={digest} onChange={(event) => setDigest(event.target.value)} className="mono" />
        </label>
        <label>
          Bond (NEAR) <input value={bond} onChange={(event) => setBond(event.target.value)} inputMode="decimal" />
        </label>
        <label>
          Storage (NEAR){" "}
          <input value={storage} onChange={(event) => setStorage(event.target.value)} inputMode="decimal" />
        </label>
        {errors.length > 0 && (
          <ErrorNote testId="register-error">
            {errors.map((error) => (
              <span key={error}>
                {error}
                <br />
              </span>
            ))}
          </ErrorNote>
        )}
        <button type="submit" data-testid="register-provider">
          Review registration
        </button>
      </form>
    </section>
  );
}
