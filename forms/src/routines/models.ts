import {
  DataTypes,
  type CreationOptional,
  type InferAttributes,
  type InferCreationAttributes,
  type Model,
  type ModelAttributes,
} from 'sequelize';
import type { Step, Trigger } from './routine-schema.js';

/** JSON kept in a TEXT column: the same on SQLite and MariaDB, parsed on read. */
const json = <T>(name: string) => ({
  type: DataTypes.TEXT,
  allowNull: false,
  get(this: Model): T {
    const raw = this.getDataValue(name) as unknown;
    return (typeof raw === 'string' ? JSON.parse(raw) : raw) as T;
  },
  set(this: Model, value: T) {
    this.setDataValue(name, JSON.stringify(value));
  },
});

export interface RoutineRow extends Model<InferAttributes<RoutineRow>, InferCreationAttributes<RoutineRow>> {
  id: string;
  form_key: string;
  name: string;
  trigger: Trigger;
  /** Webhook secrets are sealed (coreServices.secrets) before they are stored here. */
  steps: Step[];
  enabled: boolean;
  created_by: string | null;
  created_at: CreationOptional<Date>;
  updated_at: CreationOptional<Date>;
}

export const routineTable = 'forms_routines';
export const routineAttributes: ModelAttributes<RoutineRow> = {
  id: { type: DataTypes.STRING(36), primaryKey: true },
  form_key: { type: DataTypes.STRING(64), allowNull: false },
  name: { type: DataTypes.STRING(120), allowNull: false },
  trigger: json<Trigger>('trigger'),
  steps: json<Step[]>('steps'),
  enabled: { type: DataTypes.BOOLEAN, allowNull: false },
  created_by: { type: DataTypes.STRING(64), allowNull: true },
  created_at: { type: DataTypes.DATE(3), allowNull: false },
  updated_at: { type: DataTypes.DATE(3), allowNull: false },
};
export const routineOptions = { timestamps: true, createdAt: 'created_at', updatedAt: 'updated_at' } as const;

export type RunStatus = 'pending' | 'done' | 'failed';

export interface RunRow extends Model<InferAttributes<RunRow>, InferCreationAttributes<RunRow>> {
  id: string;
  routine_id: string;
  submission_id: string;
  event_id: string;
  step: number;
  type: string;
  status: RunStatus;
  attempts: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

export const runTable = 'forms_routine_runs';
export const runAttributes: ModelAttributes<RunRow> = {
  id: { type: DataTypes.STRING(36), primaryKey: true },
  routine_id: { type: DataTypes.STRING(36), allowNull: false },
  submission_id: { type: DataTypes.STRING(36), allowNull: false },
  event_id: { type: DataTypes.STRING(36), allowNull: false },
  step: { type: DataTypes.INTEGER, allowNull: false },
  type: { type: DataTypes.STRING(32), allowNull: false },
  status: { type: DataTypes.STRING(16), allowNull: false },
  attempts: { type: DataTypes.INTEGER, allowNull: false },
  error: { type: DataTypes.TEXT, allowNull: true },
  started_at: { type: DataTypes.DATE(3), allowNull: false },
  finished_at: { type: DataTypes.DATE(3), allowNull: true },
};
export const runOptions = { timestamps: false } as const;
